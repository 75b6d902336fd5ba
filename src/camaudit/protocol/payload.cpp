// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/payload.hpp>

#include <camaudit/protocol/message.hpp>
#include <camaudit/util/text.hpp>

namespace camaudit::protocol {

namespace {

// Keys devices really send: "deviceType", "root.Brand.ProdNbr",
// "table.Encode[0].MainFormat[0].Video.BitRate", "IPv6Addr". Anything else (binary,
// prose) is not a key=value line.
bool is_key(std::string_view key) {
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-' || c == '[' || c == ']' || c == '/';
    if (!ok) return false;
  }
  return !key.empty();
}

}  // namespace

std::string http_body(std::string_view payload) {
  if (!util::istarts_with(payload, "HTTP/")) return std::string(payload);
  // Framing (chunked bodies, bare LF, truncation) is message.hpp's job; a body that
  // could not be framed is simply absent.
  std::optional<TextMessage> message = parse_text_message(payload, LengthlessBody::to_end, nullptr);
  return message ? std::move(message->body) : std::string();
}

std::vector<std::pair<std::string_view, std::string_view>> key_value_lines(std::string_view text,
                                                                          char separator) {
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  for (std::string_view line : util::split(text, '\n')) {
    if (pairs.size() >= kMaxFieldsPerPayload) break;
    std::size_t sep = line.find(separator);
    if (sep == std::string_view::npos) continue;
    std::string_view key = util::trim(line.substr(0, sep));
    if (!is_key(key)) continue;
    pairs.emplace_back(key, util::trim(line.substr(sep + 1)));
  }
  return pairs;
}

std::optional<std::string> bound_input(std::string_view& text, std::string_view protocol_label) {
  if (text.size() <= kMaxInputBytes) return std::nullopt;
  std::string error = std::string(protocol_label) + ": input of " + std::to_string(text.size()) +
                      " bytes cut to " + std::to_string(kMaxInputBytes);
  text = text.substr(0, kMaxInputBytes);
  return error;
}

}  // namespace camaudit::protocol
