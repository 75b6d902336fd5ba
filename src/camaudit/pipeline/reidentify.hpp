// SPDX-License-Identifier: Apache-2.0
// `camaudit reidentify AUDIT`: identification (and assessment) run again over an audit's
// stored observations — after a knowledge-base update, no rescan — into a new audit
// derived from the old one, plus what changed between the two.
//
// Identification uses every core: observations are dealt to `threads` workers by device
// key (all of a device's observations reach the same worker), each worker has its own
// identify::Identifier over the one shared KnowledgeBase (const; Hyperscan scratch and
// PCRE2 match data are per thread), and the results come back in first-seen order, so
// the output does not depend on the thread count.
#pragma once

#include <camaudit/diff/diff.hpp>
#include <camaudit/identify/device.hpp>
#include <camaudit/kb/knowledge_base.hpp>
#include <camaudit/store/store.hpp>

#include <functional>
#include <vector>

namespace camaudit::pipeline {

// Judges one identified device in place (assess::Assessor, connected by the app). Called
// from the worker threads, concurrently: it must only read shared state.
using AssessFn = std::function<void(DeviceRecord&)>;

// The owned record of an identified device (the same object as its devices.jsonl line).
DeviceRecord to_device_record(const identify::Device& device);

// Identifies a stream of observations with `threads` workers. `next` yields the
// observations one by one (false at the end), as Store::for_each_observation does.
std::vector<DeviceRecord> identify_in_parallel(const kb::KnowledgeBase& kb,
                                               const std::function<void(const std::function<void(Observation&&)>&)>& source,
                                               unsigned threads, const AssessFn& assess = {});

struct Reidentified {
  AuditRecord audit;  // the new audit, as stored
  std::vector<DeviceRecord> before, after;  // before: brief records (Store::for_each_device_brief)
  diff::AuditDiff changes;  // before -> after, devices paired by key
};

// Runs identification again over `from`'s observations into a new audit (`audit`
// describes it: command, kb_digest, started_at ...; derived_from is set here), copies
// the observations, writes the devices and ends the new audit complete.
Reidentified reidentify(store::Store& store, AuditId from, AuditRecord audit, const kb::KnowledgeBase& kb,
                        unsigned threads = 2, const AssessFn& assess = {});

}  // namespace camaudit::pipeline
