// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/onvif.hpp>

#include <camaudit/protocol/xml_fields.hpp>

#include <array>

namespace camaudit::protocol {

namespace {

// SOAP 1.2: Code/Value, then nested Subcode/Value; the innermost subcode is the
// specific reason (ter:NotAuthorized) under the generic env:Sender.
void read_fault(pugi::xml_node fault, OnvifResponse& out) {
  if (pugi::xml_node code = find_element(fault, "Code")) {
    pugi::xml_node level = code;
    for (std::size_t depth = 0; level && depth < kMaxNestingDepth; ++depth) {
      for (pugi::xml_node child = level.first_child(); child; child = child.next_sibling())
        if (child.type() == pugi::node_element && local_name(child.name()) == "Value")
          out.fault = element_text(child);
      pugi::xml_node next;
      for (pugi::xml_node child = level.first_child(); child && !next; child = child.next_sibling())
        if (child.type() == pugi::node_element && local_name(child.name()) == "Subcode") next = child;
      level = next;
    }
  } else {
    out.fault = element_text(find_element(fault, "faultcode"));  // SOAP 1.1
  }
  if (pugi::xml_node reason = find_element(fault, "Reason")) {
    pugi::xml_node text = find_element(reason, "Text");
    out.fault_reason = element_text(text ? text : reason);
  } else {
    out.fault_reason = element_text(find_element(fault, "faultstring"));
  }
}

void read_date_time(pugi::xml_node response, OnvifResponse& out) {
  out.datetime_type = element_text(find_element(response, "DateTimeType"));
  out.timezone = element_text(find_element(response, "TZ"));
  pugi::xml_node utc = find_element(response, "UTCDateTime");
  if (!utc) return;
  auto part = [&](std::string_view name) { return element_text(find_element(utc, name)); };
  auto two = [](std::string v) { return v.size() == 1 ? "0" + v : v; };
  std::string year = part("Year");
  if (year.empty()) return;
  out.utc_datetime = year + "-" + two(part("Month")) + "-" + two(part("Day")) + "T" + two(part("Hour")) +
                     ":" + two(part("Minute")) + ":" + two(part("Second")) + "Z";
}

void collect_xaddrs(pugi::xml_node node, std::size_t depth, std::vector<std::string>& out) {
  if (depth > kMaxNestingDepth) return;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (out.size() >= kMaxFieldsPerPayload) return;
    if (child.type() != pugi::node_element) continue;
    if (local_name(child.name()) == "XAddr") out.push_back(element_text(child));
    else collect_xaddrs(child, depth + 1, out);
  }
}

}  // namespace

Parsed<OnvifResponse> parse_onvif(std::string_view payload) {
  Parsed<OnvifResponse> parsed;
  OnvifResponse& out = parsed.message;
  std::string body_text = http_body(payload);
  pugi::xml_document doc;
  parsed.error = load_xml(doc, body_text, "ONVIF");
  pugi::xml_node root = first_element_child(doc);
  if (!root) return parsed;
  pugi::xml_node response = root;
  if (local_name(root.name()) == "Envelope") {
    pugi::xml_node body = find_element(root, "Body");
    response = body ? first_element_child(body) : pugi::xml_node();
    if (!response) {
      if (!parsed.error) parsed.error = "ONVIF: SOAP envelope without a body element";
      return parsed;
    }
  }
  out.response = std::string(local_name(response.name()));
  if (out.response == "Fault") read_fault(response, out);
  else if (out.response == "GetDeviceInformationResponse") element_children_fields(response, "", out.device_information);
  else if (out.response == "GetSystemDateAndTimeResponse") read_date_time(response, out);
  else if (out.response == "GetCapabilitiesResponse" || out.response == "GetServicesResponse")
    collect_xaddrs(response, 0, out.services);
  return parsed;
}

namespace {

constexpr std::array<std::string_view, 13> kOnvifKeys = {
    "onvif.response",    "onvif.Manufacturer", "onvif.Model",         "onvif.FirmwareVersion",
    "onvif.SerialNumber", "onvif.HardwareId",  "onvif.utc_datetime",  "onvif.timezone",
    "onvif.datetime_type", "onvif.fault",      "onvif.fault_reason",  "onvif.service",
    "onvif.*"};

ParseResult parse_onvif_observation(const Observation& obs) {
  ParseResult result;
  Parsed<OnvifResponse> parsed = parse_onvif(obs.payload);
  const OnvifResponse& r = parsed.message;
  if (!r.response.empty()) result.add("onvif.response", r.response);
  for (const auto& [key, value] : r.device_information) result.add("onvif." + key, value);
  if (!r.utc_datetime.empty()) result.add("onvif.utc_datetime", r.utc_datetime);
  if (!r.timezone.empty()) result.add("onvif.timezone", r.timezone);
  if (!r.datetime_type.empty()) result.add("onvif.datetime_type", r.datetime_type);
  if (!r.fault.empty()) result.add("onvif.fault", r.fault);
  if (!r.fault_reason.empty()) result.add("onvif.fault_reason", r.fault_reason);
  for (const std::string& service : r.services) result.add("onvif.service", service);
  result.error = parsed.error;
  return result;
}

}  // namespace

const Parser kOnvifParser = {"onvif", "ONVIF device-service SOAP responses and faults", kOnvifKeys,
                             parse_onvif_observation};

}  // namespace camaudit::protocol
