// SPDX-License-Identifier: Apache-2.0
// The flow every command shares: a source hands over one host's observations (a scan's
// finished host, a discovery replier, the devices of a JSON Lines file) → identify (once
// per host) → assess (optional hook) → every sink (JSON Lines, CSV, observations, the
// terminal table, the store). Sources live beside it (scan_source.hpp for `scan`);
// `identify` and `discover` feed it directly.
//
// Observation numbers: a source that numbers its observations per host from 0 (the
// scan) lets the pipeline give them their place in the run (`number_observations`), and
// every number a device cites moves with them; a file source keeps its line numbers.
#pragma once

#include <camaudit/identify/device.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/pipeline/sink.hpp>

#include <functional>
#include <vector>

namespace camaudit::pipeline {

using Assess = std::function<void(DeviceRecord&)>;

// What a source knows about a host besides its observations.
struct HostFacts {
  std::vector<std::uint16_t> open_ports;  // added to `seen` as "tcp/PORT"
  std::string note;                       // added to each device's notes
};

class Pipeline {
 public:
  Pipeline(std::vector<Sink*> sinks, Assess assess, bool number_observations);

  void add_sink(Sink* sink) { m_sinks.push_back(sink); }  // e.g. the table, once the KB it needs has loaded
  void begin(const AuditRecord& audit);
  // One host: its observations and the devices identified from them (identify_group).
  void host(std::vector<Observation>& observations, std::vector<identify::Device> devices, const HostFacts& facts = {});
  // Makes everything handed so far durable (the sinks flush); call before a resume file is written.
  void checkpoint();
  void end(const AuditRecord& audit);

  // Continue numbering after `n` observations already written (a resumed scan).
  void set_observations_before(std::size_t n) { m_observations = n; }
  std::size_t observations() const { return m_observations; }
  std::size_t devices() const { return m_devices; }
  std::size_t unparsed_devices() const { return m_unparsed; }

 private:
  std::vector<Sink*> m_sinks;
  Assess m_assess;
  bool m_number;
  std::size_t m_observations = 0, m_devices = 0, m_unparsed = 0;
};

// Identifies a group of observations in one pass (a file, a discovery replier).
std::vector<identify::Device> identify_group(const kb::KnowledgeBase& kb, std::span<const Observation> observations);

}  // namespace camaudit::pipeline
