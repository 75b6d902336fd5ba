// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/message.hpp>

#include <camaudit/util/text.hpp>

#include <algorithm>
#include <charconv>

namespace camaudit::protocol {

namespace {

constexpr std::size_t kResponseBodyPrefix = 4 * 1024;

// Cuts the next line off `rest` (without its LF or CRLF). False at the end of input
// with no LF: `line` then holds the unterminated tail.
bool next_line(std::string_view& rest, std::string_view& line) {
  const std::size_t lf = rest.find('\n');
  if (lf == std::string_view::npos) {
    line = rest;
    rest = {};
    return false;
  }
  line = rest.substr(0, lf);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  rest.remove_prefix(lf + 1);
  return true;
}

std::optional<std::size_t> parse_decimal(std::string_view s) {
  s = util::trim(s);
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

// Appends up to `n` bytes of `from` to `body` without passing kMaxBodyBytes.
void append_capped(std::string& body, std::string_view from) {
  if (body.size() < kMaxBodyBytes) body.append(from.substr(0, kMaxBodyBytes - body.size()));
}

// Removes chunked transfer coding (RFC 9112 §7.1). Returns false when the chunks stop
// early (truncated capture or a bad size line); what was decoded is kept.
bool decode_chunked(std::string_view rest, std::string& body) {
  // Every pass consumes at least the size line's LF, so this ends.
  while (!rest.empty()) {
    std::string_view size_line;
    if (!next_line(rest, size_line)) return false;
    size_line = util::trim(size_line.substr(0, size_line.find(';')));
    std::size_t size = 0;
    auto [end, ec] = std::from_chars(size_line.data(), size_line.data() + size_line.size(), size, 16);
    if (size_line.empty() || ec != std::errc() || end != size_line.data() + size_line.size()) return false;
    if (size == 0) return true;  // last chunk; trailers are ignored
    if (size > rest.size()) {
      append_capped(body, rest);
      return false;
    }
    append_capped(body, rest.substr(0, size));
    rest.remove_prefix(size);
    if (rest.starts_with("\r\n")) rest.remove_prefix(2);
    else if (rest.starts_with("\n")) rest.remove_prefix(1);
  }
  return false;
}

void note(std::string* error, std::string text) {
  if (error != nullptr && error->empty()) *error = std::move(text);
}

}  // namespace

std::optional<std::string_view> TextMessage::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (util::iequals(n, name)) return std::string_view(v);
  return std::nullopt;
}

std::vector<std::string_view> TextMessage::headers_named(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const auto& [n, v] : headers)
    if (util::iequals(n, name)) values.emplace_back(v);
  return values;
}

std::optional<TextMessage> parse_text_message(std::string_view bytes, LengthlessBody lengthless,
                                              std::string* error) {
  std::string_view rest = bytes;
  // Stray CR/LF before the start line (keep-alive leftovers) are skipped.
  while (!rest.empty() && (rest.front() == '\r' || rest.front() == '\n')) rest.remove_prefix(1);
  if (rest.empty()) {
    note(error, "empty message: no start line");
    return std::nullopt;
  }
  TextMessage message;
  std::string_view line;
  bool terminated = next_line(rest, line);
  message.start_line = std::string(line);

  std::size_t skipped_headers = 0;
  bool blank_line_seen = false;
  while (terminated) {
    terminated = next_line(rest, line);
    // A whitespace-only line ends the block too: some stacks send " \r\n" there.
    if (util::trim(line).empty()) line = {};
    if (line.empty()) {
      blank_line_seen = terminated || !rest.empty();
      if (terminated) break;
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      // Obsolete line folding (RFC 9112 §5.2): continues the previous value.
      if (!message.headers.empty() && skipped_headers == 0) {
        std::string& value = message.headers.back().second;
        value.push_back(' ');
        value.append(util::trim(line));
      }
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // not a header; devices send junk lines
    if (message.headers.size() >= kMaxHeaders) {
      ++skipped_headers;
      continue;
    }
    message.headers.emplace_back(std::string(util::trim(line.substr(0, colon))),
                                 std::string(util::trim(line.substr(colon + 1))));
  }
  if (!blank_line_seen) {
    message.head_bytes = bytes.size();
    message.complete = false;
    note(error, "truncated: the header block does not end");
    return message;
  }
  message.head_bytes = bytes.size() - rest.size();
  if (skipped_headers > 0)
    note(error, "more than " + std::to_string(kMaxHeaders) + " headers; " + std::to_string(skipped_headers) +
                    " ignored");

  const auto transfer_encoding = message.header("Transfer-Encoding");
  const auto content_length = message.header("Content-Length");
  if (transfer_encoding && util::ifind(*transfer_encoding, "chunked") != std::string_view::npos) {
    if (!decode_chunked(rest, message.body)) {
      message.complete = false;
      note(error, "truncated or malformed chunked body");
    }
  } else if (content_length) {
    const auto length = parse_decimal(*content_length);
    if (!length) {
      note(error, "bad Content-Length: " + std::string(content_length->substr(0, 40)));
      append_capped(message.body, rest);
    } else {
      append_capped(message.body, rest.substr(0, *length));
      if (*length > rest.size()) {
        message.complete = false;
        note(error, "truncated body: " + std::to_string(rest.size()) + " of " + std::to_string(*length) +
                        " bytes");
      }
    }
  } else if (lengthless == LengthlessBody::to_end) {
    append_capped(message.body, rest);
  }
  return message;
}

std::optional<StatusResponse> parse_status_response(std::string_view bytes, std::string_view protocol,
                                                    LengthlessBody lengthless, std::string* error) {
  std::string note_text;
  auto message = parse_text_message(bytes, lengthless, &note_text);
  if (!message) {
    if (error) *error = std::move(note_text);
    return std::nullopt;
  }
  // "<PROTO>/1.1 401 Unauthorized": version, three digits, optional reason.
  std::string_view line = message->start_line;
  const std::size_t space = line.find(' ');
  std::string_view version = line.substr(0, space);
  if (!util::istarts_with(version, protocol) || version.size() <= protocol.size() ||
      version[protocol.size()] != '/') {
    if (error) *error = "no " + std::string(protocol) + " status line";
    return std::nullopt;
  }
  std::string_view after = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
  after = util::trim(after);
  const std::string_view code = after.substr(0, after.find(' '));
  int status = 0;
  auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), status);
  if (code.size() != 3 || ec != std::errc() || end != code.data() + code.size()) {
    if (error) *error = "bad " + std::string(protocol) + " status code in: " + std::string(line.substr(0, 80));
    return std::nullopt;
  }
  StatusResponse response;
  static_cast<TextMessage&>(response) = std::move(*message);
  response.version = std::string(version);
  response.status = status;
  response.reason = std::string(util::trim(after.substr(code.size())));
  if (error) *error = std::move(note_text);
  return response;
}

std::optional<std::string_view> AuthChallenge::param(std::string_view name) const {
  for (const auto& [n, v] : params)
    if (util::iequals(n, name)) return std::string_view(v);
  return std::nullopt;
}

std::vector<AuthChallenge> parse_www_authenticate(std::string_view value) {
  // Grammar (RFC 9110 §11.6.1), loosely: challenge = scheme [ param *( "," param ) ],
  // param = token "=" ( token / quoted-string ). A bare token not followed by '='
  // starts the next challenge. Every pass consumes at least one character.
  std::vector<AuthChallenge> challenges;
  auto is_token_char = [](char c) {
    return c != ' ' && c != '\t' && c != ',' && c != '=' && c != '"' && c != '\r' && c != '\n';
  };
  std::size_t i = 0;
  const std::size_t n = value.size();
  while (i < n) {
    while (i < n && (value[i] == ' ' || value[i] == '\t' || value[i] == ',')) ++i;
    const std::size_t token_start = i;
    while (i < n && is_token_char(value[i])) ++i;
    std::string_view token = value.substr(token_start, i - token_start);
    std::size_t j = i;
    while (j < n && (value[j] == ' ' || value[j] == '\t')) ++j;
    if (token.empty()) {  // stray '=' or '"': skip it
      ++i;
      continue;
    }
    if (j < n && value[j] == '=' && !challenges.empty()) {
      i = j + 1;
      while (i < n && (value[i] == ' ' || value[i] == '\t')) ++i;
      std::string param_value;
      if (i < n && value[i] == '"') {
        ++i;
        while (i < n && value[i] != '"') {
          if (value[i] == '\\' && i + 1 < n) ++i;
          param_value.push_back(value[i++]);
        }
        if (i < n) ++i;  // closing quote
      } else {
        const std::size_t start = i;
        while (i < n && value[i] != ',') ++i;
        param_value = std::string(util::trim(value.substr(start, i - start)));
      }
      challenges.back().params.emplace_back(std::string(token), std::move(param_value));
    } else if (j < n && value[j] == '=') {
      ++i;  // a parameter before any scheme: not a challenge, skip its name
    } else {
      challenges.push_back(AuthChallenge{std::string(token), {}});
      // token68 credentials-style data ("Negotiate abc==") ends at the next comma.
      std::size_t k = j;
      while (k < n && is_token_char(value[k])) ++k;
      while (k < n && value[k] == '=') ++k;
      if (k > j && (k == n || value[k] == ',') && value.substr(j, k - j).find('=') != std::string_view::npos)
        i = k;
    }
  }
  return challenges;
}

void add_status_response_fields(ParseResult& out, std::string_view prefix, const StatusResponse& response,
                                std::string_view raw) {
  const std::string p(prefix);
  out.add(p + ".status", std::to_string(response.status));
  for (const auto& [name, value] : response.headers) {
    out.add(p + ".header", name + ": " + value);
    if (util::iequals(name, "Server")) out.add(p + ".server", value);
  }
  for (std::string_view value : response.headers_named("WWW-Authenticate")) {
    out.add(p + ".www_authenticate", value);
    for (const AuthChallenge& challenge : parse_www_authenticate(value)) {
      out.add(p + ".auth_scheme", challenge.scheme);
      if (auto realm = challenge.param("realm")) out.add(p + ".realm", *realm);
    }
  }
  const std::size_t head = std::min(response.head_bytes, raw.size());
  out.add(p + ".response", raw.substr(0, std::min(raw.size(), head + kResponseBodyPrefix)));
}

}  // namespace camaudit::protocol
