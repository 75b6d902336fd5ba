// SPDX-License-Identifier: Apache-2.0
// Devices as CSV (RFC 4180, formula defusing: device_writer.cpp), optionally after a BOM.
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/pipeline/file_sinks.hpp>

namespace camaudit::pipeline {

void CsvSink::first_lines() { m_out.line((m_bom ? "\xEF\xBB\xBF" : "") + identify::device_csv_header()); }

void CsvSink::host(std::span<const Observation>, std::span<const DeviceRecord> devices) {
  for (const DeviceRecord& d : devices) m_out.line(identify::device_to_csv_row(d));
}

}  // namespace camaudit::pipeline
