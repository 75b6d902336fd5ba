// SPDX-License-Identifier: Apache-2.0
// Devices as JSON Lines: one line per device (the fast writer, device_writer.cpp).
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/pipeline/file_sinks.hpp>

namespace camaudit::pipeline {

void DevicesJsonlSink::host(std::span<const Observation>, std::span<const DeviceRecord> devices) {
  for (const DeviceRecord& d : devices) m_out.line(identify::device_to_json_line(d));
}

}  // namespace camaudit::pipeline
