// SPDX-License-Identifier: Apache-2.0
// The raw observations as JSON Lines (`identify` re-reads them after a knowledge-base update).
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/pipeline/file_sinks.hpp>

namespace camaudit::pipeline {

void ObservationsSink::host(std::span<const Observation> observations, std::span<const DeviceRecord>) {
  for (const Observation& o : observations) m_out.line(identify::observation_to_json_line(o));
}

}  // namespace camaudit::pipeline
