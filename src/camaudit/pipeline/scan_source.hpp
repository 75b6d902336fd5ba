// SPDX-License-Identifier: Apache-2.0
// The scan as a pipeline source: runs the Scanner, identifies each host ONCE as it
// finishes and hands it to the pipeline, checkpoints, and bounds how long a stop takes.
//
// Identified once: each host gets one Identifier for its whole life. Observations are
// parsed and matched when they arrive (the provisional `suggest` after first contact, the
// rest when the host finishes) and never again; resolving a copy of it answers suggest and
// the LAN-discovery match without re-reading anything.
//
// Checkpoints: every `checkpoint_every` or `checkpoint_hosts` finished hosts, at a stop
// and at the end: the pipeline's sinks flush first, then `save` writes the resume file.
//
// Signals (SIGINT, SIGTERM): the first stops starting hosts and gives the hosts in flight
// `grace` to finish; the second, or the end of the grace, stops at once: what finished is
// checkpointed, the hosts cut are left unfinished for --resume, and the process exits 1
// (in-flight exchanges cannot be unwound mid-coroutine; everything finished is durable).
#pragma once

#include <camaudit/kb/knowledge_base.hpp>
#include <camaudit/pipeline/pipeline.hpp>
#include <camaudit/scan/scanner.hpp>

#include <chrono>
#include <functional>

namespace camaudit::pipeline {

struct ScanSourceHooks {
  // Non-blocking: the KB once it has loaded (nullptr while loading); `failed` when it cannot.
  std::function<const kb::KnowledgeBase*(bool& failed)> knowledge;
  // The LAN-discovery replies that belong to this provisionally identified device (scan --discover).
  std::function<std::vector<Observation>(const identify::Device&)> discovered_for;
  // Writes the resume file (after the sinks flushed).
  std::function<void(const scan::Checkpoint&, bool complete, const scan::ScanStatus&)> save;
  std::function<void(const scan::ScanStatus&)> tick;              // progress
  std::function<void(const std::string& message)> say;            // a line for the operator
  std::function<void(const scan::ScanStatus&)> before_hard_exit;  // last words (summary) before _Exit(1)
};

struct ScanSourceSettings {
  std::chrono::duration<double> grace{5};
  std::chrono::duration<double> checkpoint_every{2};
  std::size_t checkpoint_hosts = 64;
};

struct ScanOutcome {
  scan::ScanStatus status;
  scan::Checkpoint checkpoint;  // the last one saved
  bool interrupted = false;  // a signal (or the KB failing) stopped it before the end
  bool kb_failed = false;
};

ScanOutcome run_scan_source(const scan::TargetSet& targets, scan::ScanOptions options, Pipeline& pipeline,
                            const ScanSourceHooks& hooks, const ScanSourceSettings& settings);

// Installs the SIGINT/SIGTERM handlers the scan source reads (call before slow set-up,
// so a signal during it is counted). Returns the number of signals so far.
void install_stop_signals();
int stop_signals();

}  // namespace camaudit::pipeline
