// SPDX-License-Identifier: Apache-2.0
// The CSV report: one row per device with what the model derived (restricted, KEV,
// biometric, worst severity), RFC 4180 quoting (CRLF line ends), and the formula
// defusing of util::csv_cell (as identify/device_writer.cpp): a cell a spreadsheet would run (= + - @ tab
// CR first) gets a leading apostrophe, so device text never executes on opening.
#include <camaudit/report/all.hpp>

#include <camaudit/util/text.hpp>

#include <fmt/format.h>

namespace camaudit::report {

namespace {

const std::vector<std::string_view> kColumns = {
    "ip", "maker", "label", "model", "firmware", "firmware_date", "serial", "mac", "device_type", "capabilities",
    "confidence", "restricted", "restricted_via", "kev", "biometric", "worst_severity", "findings", "finding_ids",
    "rights_band", "services"};

std::string joined(const std::vector<std::string>& items, std::string_view sep) {
  return fmt::format("{}", fmt::join(items, sep));
}

std::string row(const DeviceRecord& d, const DeviceFacts& f) {
  std::vector<std::string> ids;
  for (const Finding& x : d.findings) ids.push_back(x.id);
  const std::vector<std::string> cells = {
      d.ip.empty() ? d.key : d.ip, f.maker, f.label, d.model.value_or(""), d.firmware.value_or(""), f.firmware_date.value_or(""),
      d.serial.value_or(""), d.mac.value_or(""), d.device_type.value_or(""), joined(d.capabilities, ";"),
      fmt::format("{:.2f}", d.confidence), f.restricted ? "yes" : "no", f.restricted_via, f.kev ? "yes" : "no",
      f.biometric ? "yes" : "no", f.worst ? std::string(to_string(*f.worst)) : "", std::to_string(d.findings.size()),
      joined(ids, ";"), d.rights ? d.rights->band : "", joined(d.seen, ";")};
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + util::csv_cell(cells[i]);
  return out + "\r\n";
}

void write_csv(const Model& m, const std::filesystem::path& out) {
  std::string text = fmt::format("{}\r\n", fmt::join(kColumns, ","));
  text.reserve(m.devices.size() * 200);
  for (std::size_t i = 0; i < m.devices.size(); ++i) text += row(m.devices[i], m.facts[i]);
  write_file(out, text);
}

}  // namespace

const Writer kCsvWriter = {"csv", ".csv", "one row per device (RFC 4180, formula-looking cells defused)", write_csv};

}  // namespace camaudit::report
