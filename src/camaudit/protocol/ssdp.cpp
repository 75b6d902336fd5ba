// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/ssdp.hpp>

#include <camaudit/util/text.hpp>

#include <array>

namespace camaudit::protocol {

namespace {

constexpr std::array<std::string_view, 5> kSsdpKeys = {"ssdp.server", "ssdp.st", "ssdp.usn", "ssdp.location",
                                                       "ssdp.header"};

ParseResult parse_ssdp_observation(const Observation& obs) {
  ParseResult out;
  std::string error;
  const auto message = parse_ssdp(obs.payload, &error);
  if (!error.empty()) out.error = "SSDP: " + error;
  if (!message) return out;
  for (const auto& [name, value] : message->headers) out.add("ssdp.header", name + ": " + value);
  if (!message->server.empty()) out.add("ssdp.server", message->server);
  if (!message->search_target.empty()) out.add("ssdp.st", message->search_target);
  if (!message->usn.empty()) out.add("ssdp.usn", message->usn);
  if (!message->location.empty()) out.add("ssdp.location", message->location);
  return out;
}

}  // namespace

std::optional<SsdpMessage> parse_ssdp(std::string_view bytes, std::string* error) {
  std::string note;
  auto message = parse_text_message(bytes, LengthlessBody::none, &note);
  auto fail = [&](std::string why) -> std::optional<SsdpMessage> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  if (!message) return fail(note);
  SsdpMessage ssdp;
  const std::string_view start = message->start_line;
  if (util::istarts_with(start, "HTTP/1.") && start.size() >= 12 && start.substr(9, 3) == "200") {
    ssdp.kind = SsdpMessage::Kind::search_response;
  } else if (util::istarts_with(start, "NOTIFY ")) {
    ssdp.kind = SsdpMessage::Kind::notify;
  } else if (util::istarts_with(start, "M-SEARCH ")) {
    return fail("an M-SEARCH request, not a device's answer");
  } else {
    return fail("not an SSDP response or NOTIFY: " + std::string(start.substr(0, 60)));
  }
  auto get = [&](std::string_view name) { return std::string(message->header(name).value_or("")); };
  ssdp.server = get("SERVER");
  ssdp.search_target = get(ssdp.kind == SsdpMessage::Kind::notify ? "NT" : "ST");
  ssdp.usn = get("USN");
  ssdp.location = get("LOCATION");
  ssdp.headers = std::move(message->headers);
  if (error) *error = note;
  return ssdp;
}

constinit const Parser kSsdpParser{"ssdp", "SSDP M-SEARCH response or NOTIFY: SERVER, ST/NT, USN, LOCATION",
                                   kSsdpKeys, parse_ssdp_observation};

}  // namespace camaudit::protocol
