// SPDX-License-Identifier: Apache-2.0
#include <camaudit/pipeline/pipeline.hpp>

#include <camaudit/identify/record.hpp>

#include <fmt/format.h>

namespace camaudit::pipeline {

Pipeline::Pipeline(std::vector<Sink*> sinks, Assess assess, bool number_observations)
    : m_sinks(std::move(sinks)), m_assess(std::move(assess)), m_number(number_observations) {}

void Pipeline::begin(const AuditRecord& audit) {
  for (Sink* s : m_sinks) s->begin(audit);
}

void Pipeline::host(std::vector<Observation>& observations, std::vector<identify::Device> devices,
                    const HostFacts& facts) {
  std::size_t base = m_number ? m_observations : 0;
  if (m_number)
    for (Observation& o : observations) o.index += base;
  m_observations += observations.size();
  std::vector<DeviceRecord> records;
  records.reserve(devices.size());
  for (identify::Device& d : devices) {
    for (std::uint16_t port : facts.open_ports) d.seen.insert(fmt::format("tcp/{}", port));
    if (!facts.note.empty()) d.notes.push_back(facts.note);
    DeviceRecord record = identify::to_record(d);
    identify::shift_observations(record, base);
    if (m_assess) m_assess(record);
    m_unparsed += !record.unparsed.empty();
    records.push_back(std::move(record));
  }
  m_devices += records.size();
  for (Sink* s : m_sinks) s->host(observations, records);
}

void Pipeline::checkpoint() {
  for (Sink* s : m_sinks) s->checkpoint();
}

void Pipeline::end(const AuditRecord& audit) {
  for (Sink* s : m_sinks) s->end(audit);
}

std::vector<identify::Device> identify_group(const kb::KnowledgeBase& kb, std::span<const Observation> observations) {
  identify::Identifier identifier(kb);
  for (const Observation& o : observations) identifier.add(o);
  return identifier.finish();
}

}  // namespace camaudit::pipeline
