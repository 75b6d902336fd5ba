// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/http.hpp>

#include <camaudit/protocol/http_route.hpp>

#include <camaudit/util/codec.hpp>
#include <camaudit/util/text.hpp>

#include <algorithm>
#include <array>
#include <charconv>

namespace camaudit::protocol {

namespace {

// A title longer than this is not a title (an unclosed tag swallowing the page).
constexpr std::size_t kMaxTitleBytes = 1024;

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes the entities a title realistically holds: the five XML ones, &nbsp; and
// numeric references. Anything else is left as written.
std::string decode_basic_entities(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kNamed = {{
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}}};
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t semi = s[i] == '&' ? s.find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back(s[i++]);
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    bool decoded = false;
    if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      std::string_view digits = name.substr(hex ? 2 : 1);
      std::uint32_t cp = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (!digits.empty() && ec == std::errc() && end == digits.data() + digits.size()) {
        append_utf8(out, cp);
        decoded = true;
      }
    } else {
      for (const auto& [entity, text] : kNamed) {
        if (util::iequals(name, entity)) {
          out.append(text);
          decoded = true;
          break;
        }
      }
    }
    if (decoded) {
      i = semi + 1;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

bool printable_text(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (c < 0x20 || c >= 0x7F) return false;
  return true;
}

bool ends_with_favicon(std::string_view path) {
  path = path.substr(0, path.find_first_of("?#"));
  return path.size() >= 11 && util::iequals(path.substr(path.size() - 11), "favicon.ico");
}

constexpr std::array<std::string_view, 21> kHttpKeys = {
    "http.status",         "http.status_line",   "http.server",       "http.header",
    "http.header_names",   "http.www_authenticate", "http.realm",     "http.auth_scheme",
    "http.digest_nonce",   "http.digest_nonce_decoded", "http.title", "http.body",
    "http.body_md5",       "http.favicon_md5",   "http.favicon_mmh3", "http.location",
    "http.set_cookie",     "http.etag",          "http.content_type", "http.response",
    "http.path"};

// A vendor API answer labelled only "http": the vendor parser's fields join the HTTP
// ones (http_route.hpp). Its error is not the observation's: the HTTP reading stands.
// Returns whether the vendor parser found anything.
bool add_routed_fields(const Observation& obs, ParseResult& out) {
  const Parser* vendor = route_http(obs.path, obs.payload);
  if (vendor == nullptr) return false;
  ParseResult routed = vendor->parse(obs);
  for (Field& f : routed.fields) out.fields.push_back(std::move(f));
  return !routed.fields.empty();
}

ParseResult parse_http_observation(const Observation& obs) {
  ParseResult out;
  std::string error;
  if (!obs.path.empty()) out.add("http.path", obs.path);
  const auto response = parse_http_response(obs.payload, &error);
  const bool routed = add_routed_fields(obs, out);
  // A body without its head (a hand-written or imported observation) that a vendor
  // parser read is not an HTTP error.
  if (!error.empty() && !(routed && !response)) out.error = "HTTP: " + error;
  if (!response) return out;

  add_status_response_fields(out, "http", *response, obs.payload);
  out.add("http.status_line", response->start_line);
  std::string names;
  for (const auto& [name, value] : response->headers) {
    if (!names.empty()) names.push_back(',');
    names.append(name);
    if (util::iequals(name, "Location")) out.add("http.location", value);
    else if (util::iequals(name, "Set-Cookie")) out.add("http.set_cookie", value);
  }
  out.add("http.header_names", names);
  if (auto etag = response->header("ETag")) out.add("http.etag", *etag);
  const auto content_type = response->header("Content-Type");
  if (content_type) out.add("http.content_type", *content_type);

  for (std::string_view value : response->headers_named("WWW-Authenticate")) {
    for (const AuthChallenge& challenge : parse_www_authenticate(value)) {
      const auto nonce = challenge.param("nonce");
      if (!nonce || !util::iequals(challenge.scheme, "Digest")) continue;
      out.add("http.digest_nonce", *nonce);
      if (auto decoded = decode_layered_nonce(*nonce)) out.add("http.digest_nonce_decoded", *decoded);
    }
  }

  if (!response->body.empty()) {
    out.add("http.body", response->body);
    out.add("http.body_md5", util::md5_hex(response->body));
    if (auto title = html_title(response->body)) out.add("http.title", *title);
    const bool image = content_type && util::istarts_with(util::trim(*content_type), "image/");
    if (ends_with_favicon(obs.path) || image) {
      out.add("http.favicon_md5", util::md5_hex(response->body));
      out.add("http.favicon_mmh3", std::to_string(util::shodan_favicon_hash(response->body)));
    }
  }
  return out;
}

}  // namespace

std::optional<HttpResponse> parse_http_response(std::string_view bytes, std::string* error) {
  return parse_status_response(bytes, "HTTP", LengthlessBody::to_end, error);
}

std::optional<std::string> html_title(std::string_view html) {
  std::size_t search_from = 0;
  while (true) {
    const std::size_t open = util::ifind(html.substr(search_from), "<title");
    if (open == std::string_view::npos) return std::nullopt;
    const std::size_t tag = search_from + open;
    const std::size_t after_name = tag + 6;
    // "<title>" or "<title lang=..>", not "<titlebar>".
    if (after_name < html.size() && (html[after_name] == '>' || html[after_name] == ' ' ||
                                     html[after_name] == '\t' || html[after_name] == '\r' ||
                                     html[after_name] == '\n')) {
      const std::size_t gt = html.find('>', after_name);
      if (gt == std::string_view::npos) return std::nullopt;
      std::string_view rest = html.substr(gt + 1);
      std::size_t close = util::ifind(rest, "</title");
      if (close == std::string_view::npos) close = rest.find('<');  // truncated page
      std::string_view text = rest.substr(0, std::min({close, rest.size(), kMaxTitleBytes}));
      return std::string(util::trim(decode_basic_entities(util::trim(text))));
    }
    search_from = after_name;
  }
}

std::optional<std::string> decode_layered_nonce(std::string_view nonce) {
  const auto base64_text = util::hex_decode(nonce);
  if (!base64_text || base64_text->empty() || !printable_text(*base64_text)) return std::nullopt;
  const auto text = util::base64_decode(*base64_text);
  if (!text || !printable_text(*text)) return std::nullopt;
  return text;
}

constinit const Parser kHttpParser{
    "http",
    "HTTP/1.x response: status, headers as sent, auth challenge, title, body and favicon hashes",
    kHttpKeys,
    parse_http_observation,
};

}  // namespace camaudit::protocol
