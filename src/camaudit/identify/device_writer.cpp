// SPDX-License-Identifier: Apache-2.0
// Written by hand rather than through a JSON DOM: one device line is built straight
// into a string (the DOM cost more than identification itself in bench/).
#include <camaudit/identify/device_writer.hpp>

#include <camaudit/core/json_line.hpp>
#include <camaudit/identify/record.hpp>
#include <camaudit/util/codec.hpp>
#include <camaudit/util/printable.hpp>
#include <camaudit/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace camaudit::identify {

namespace {


}  // namespace

std::string device_to_json_line(const Device& d) { return to_json_line(to_record(d)); }
std::string device_to_json_line(const DeviceRecord& d) { return to_json_line(d); }


std::string observation_to_json_line(const Observation& o) {
  std::string line;
  JsonOut json(line);
  json.open('{');
  auto text_field = [&](std::string_view k, const std::string& v) {
    if (!v.empty()) json.key(k).string(v);
  };
  text_field("device", o.device == o.ip ? std::string() : o.device);
  text_field("ip", o.ip);
  if (o.port) json.key("port").number(std::size_t{o.port});
  text_field("transport", o.transport);
  text_field("protocol", o.protocol);
  text_field("path", o.path);
  text_field("source", o.source);
  text_field("make", o.make);
  text_field("model", o.model);
  bool clean_text = o.payload.find('\0') == std::string::npos && util::to_valid_utf8(o.payload) == o.payload;
  if (clean_text) {
    if (!o.payload.empty() || (o.make.empty() && o.model.empty())) json.key("data").string(o.payload);
  } else {
    json.key("data_b64").string(util::base64_encode(o.payload));
  }
  json.close('}');
  return line;
}

std::string device_csv_header() {
  return "ip,manufacturer,brand,model,firmware,serial,mac,device_type,capabilities,confidence,services,unparsed,"
         "findings,worst_severity,binding_restriction,kev,rights_band,finding_ids";
}

std::string device_to_csv_row(const Device& d) { return device_to_csv_row(to_record(d)); }

namespace {
// The assessment in six cells (empty when the device was not assessed): how many
// findings, the worst severity, a binding restriction (yes/no), CISA KEV (affected /
// possibly / no), the rights band, and the finding ids.
void add_assessment_cells(const DeviceRecord& d, std::vector<std::string>& cells) {
  if (!d.assessed) {
    cells.insert(cells.end(), 6, "");
    return;
  }
  std::optional<Severity> worst;
  Kev kev = Kev::no;
  bool binding = false;
  std::string ids;
  for (const Finding& f : d.findings) {
    if (!worst || f.severity > *worst) worst = f.severity;
    kev = std::max(kev, kev_status(f));
    binding = binding || binding_restriction(f);
    ids += (ids.empty() ? "" : ";") + f.id;
  }
  cells.push_back(std::to_string(d.findings.size()));
  cells.push_back(worst ? std::string(to_string(*worst)) : "");
  cells.push_back(binding ? "yes" : "no");
  cells.push_back(kev == Kev::yes ? "affected" : kev == Kev::possibly ? "possibly" : "no");
  cells.push_back(d.rights ? d.rights->band : "");
  cells.push_back(ids);
}
}  // namespace

std::string device_to_csv_row(const DeviceRecord& d) {
  std::vector<std::string> cells = {d.ip.empty() ? d.key : d.ip, d.manufacturer.value_or(""), d.brand.value_or("")};
  for (const std::optional<std::string>* v : {&d.model, &d.firmware, &d.serial, &d.mac, &d.device_type})
    cells.push_back(v->value_or(""));
  std::string capabilities;
  for (const std::string& c : d.capabilities) capabilities += (capabilities.empty() ? "" : ";") + c;
  cells.push_back(capabilities);
  cells.push_back(fmt::format("{:.2f}", d.confidence));
  std::string services;
  for (const std::string& s : d.seen) services += (services.empty() ? "" : ";") + s;
  cells.push_back(services);
  cells.push_back(std::to_string(d.unparsed.size()));
  add_assessment_cells(d, cells);
  std::string row;
  for (std::size_t i = 0; i < cells.size(); ++i) row += (i ? "," : "") + util::csv_cell(cells[i]);
  return row;
}

}  // namespace camaudit::identify
