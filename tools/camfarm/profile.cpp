// SPDX-License-Identifier: Apache-2.0
#include "profile.hpp"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "camaudit/util/codec.hpp"

namespace camfarm {

namespace {

// Collects the context of a load so every error names file and key.
struct Loader {
  std::string file;
  std::filesystem::path bodies_dir;
  std::set<std::string> known;  // variables usable in templates
  std::string error;

  bool fail(const std::string& where, const std::string& what) {
    if (error.empty()) error = file + ": " + where + ": " + what;
    return false;
  }

  std::optional<Template> parse_template(const std::string& where, std::string_view text,
                                         bool allow_captures) {
    std::string why;
    auto parsed = Template::parse(text, &why);
    if (!parsed) {
      fail(where, why);
      return std::nullopt;
    }
    for (const auto& segment : parsed->segments()) {
      if (!segment.placeholder) continue;
      const auto& name = segment.placeholder->name;
      bool capture = name.size() == 2 && name[0] == 'm' && name[1] >= '1' && name[1] <= '9';
      if (known.count(name) == 0 && !(allow_captures && capture)) {
        fail(where, "unknown variable {" + name + "}");
        return std::nullopt;
      }
    }
    return parsed;
  }
};

std::optional<std::int64_t> days_from_iso(std::string_view text) {
  std::tm tm{};
  std::istringstream in{std::string(text)};
  in >> std::get_time(&tm, "%Y-%m-%d");
  if (in.fail()) return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm) / 86400);
}

// Pattern placeholders are {name|filters}; {digits} is a repeat count, not a variable.
bool check_pattern(Loader& loader, const std::string& where, std::string_view pattern) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '[') {
      auto close = pattern.find(']', i + 1);
      if (close == std::string_view::npos) return loader.fail(where, "unclosed '[' in pattern");
      i = close;
    } else if (pattern[i] == '{') {
      auto close = pattern.find('}', i);
      if (close == std::string_view::npos) return loader.fail(where, "unclosed '{' in pattern");
      auto inside = pattern.substr(i + 1, close - i - 1);
      bool count = !inside.empty() && std::all_of(inside.begin(), inside.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
      if (!count && !loader.parse_template(where, pattern.substr(i, close - i + 1), false)) {
        return false;
      }
      i = close;
    }
  }
  return true;
}

std::optional<Response> load_response(Loader& loader, const toml::table& table,
                                      const std::string& where, bool text_protocol);

bool load_route_matchers(Loader& loader, const toml::table& table, const std::string& where,
                         Route& route) {
  if (auto v = table["method"].value<std::string>()) route.method = *v;
  if (auto v = table["path"].value<std::string>()) route.path = *v;
  if (auto v = table["path_prefix"].value<std::string>()) route.path_prefix = *v;
  if (auto v = table["body_contains"].value<std::string>()) route.body_contains = *v;
  if (auto v = table["body_regex"].value<std::string>()) {
    try {
      route.body_regex.emplace(*v, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return loader.fail(where + ".body_regex", e.what());
    }
  }
  if (auto v = table["prefix_hex"].value<std::string>()) {
    auto bytes = camaudit::util::hex_decode(*v);
    if (!bytes) return loader.fail(where + ".prefix_hex", "not hex");
    route.prefix_bytes = *bytes;
  }
  if (auto v = table["min_length"].value<std::int64_t>()) route.min_length = static_cast<std::size_t>(*v);
  return true;
}

std::optional<Response> load_response(Loader& loader, const toml::table& table,
                                      const std::string& where, bool text_protocol) {
  Response response;
  if (auto source = table["source"].value<std::string>()) {
    response.source = *source;
  } else {
    loader.fail(where, "response without `source` (every response must name its capture)");
    return std::nullopt;
  }
  if (auto status = table["status"].value<std::string>()) {
    auto parsed = loader.parse_template(where + ".status", *status, true);
    if (!parsed) return std::nullopt;
    response.status = std::move(*parsed);
  } else if (text_protocol) {
    loader.fail(where, "missing `status`");
    return std::nullopt;
  }
  if (auto* headers = table["headers"].as_array()) {
    for (const auto& node : *headers) {
      auto line = node.value<std::string>();
      if (!line) {
        loader.fail(where + ".headers", "every header must be a string");
        return std::nullopt;
      }
      auto parsed = loader.parse_template(where + ".headers", *line, true);
      if (!parsed) return std::nullopt;
      response.headers.push_back(std::move(*parsed));
    }
  }
  int body_kinds = 0;
  if (auto body = table["body"].value<std::string>()) {
    ++body_kinds;
    auto parsed = loader.parse_template(where + ".body", *body, true);
    if (!parsed) return std::nullopt;
    response.body = std::move(*parsed);
  }
  if (auto hex = table["body_hex"].value<std::string>()) {
    ++body_kinds;
    auto bytes = camaudit::util::hex_decode(*hex);
    if (!bytes) {
      loader.fail(where + ".body_hex", "not hex");
      return std::nullopt;
    }
    response.body = Template::literal(*bytes);
  }
  if (auto file = table["body_file"].value<std::string>()) {
    ++body_kinds;
    auto path = loader.bodies_dir / *file;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      loader.fail(where + ".body_file", "cannot read " + path.string());
      return std::nullopt;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (table["raw_file"].value_or(false)) {
      response.body = Template::literal(std::move(text));
    } else {
      auto parsed = loader.parse_template(where + ".body_file(" + *file + ")", text, true);
      if (!parsed) return std::nullopt;
      response.body = std::move(*parsed);
    }
  }
  if (body_kinds > 1) {
    loader.fail(where, "give only one of body, body_hex, body_file");
    return std::nullopt;
  }
  if (auto framing = table["framing"].value<std::string>()) {
    if (*framing == "dhip") {
      response.framing = Framing::kDhip;
    } else if (*framing == "dvrip") {
      response.framing = Framing::kDvrip;
    } else {
      loader.fail(where + ".framing", "unknown framing '" + *framing + "'");
      return std::nullopt;
    }
  }
  response.close = table["close"].value_or(false);
  if (auto behaviour = table["behaviour"].value<std::string>()) {
    response.behaviour = parse_behaviour(*behaviour);
    if (!response.behaviour) {
      loader.fail(where + ".behaviour", "unknown behaviour '" + *behaviour + "'");
      return std::nullopt;
    }
  }
  if (auto* authorized = table["authorized"].as_table()) {
    auto inner = load_response(loader, *authorized, where + ".authorized", text_protocol);
    if (!inner) return std::nullopt;
    response.authorized = std::make_shared<const Response>(std::move(*inner));
  }
  return response;
}

bool load_routes(Loader& loader, const toml::table& table, const std::string& where,
                 bool text_protocol, std::vector<Route>& routes) {
  auto* array = table["route"].as_array();
  if (!array) return true;
  std::size_t index = 0;
  for (const auto& node : *array) {
    auto* route_table = node.as_table();
    std::string here = where + ".route[" + std::to_string(index++) + "]";
    if (!route_table) return loader.fail(here, "not a table");
    Route route;
    if (!load_route_matchers(loader, *route_table, here, route)) return false;
    auto response = load_response(loader, *route_table, here, text_protocol);
    if (!response) return false;
    route.response = std::move(*response);
    routes.push_back(std::move(route));
  }
  return true;
}

bool load_generator(Loader& loader, const std::string& name, const toml::node& node,
                    Generator& gen) {
  std::string where = "vars." + name;
  gen.name = name;
  if (auto text = node.value<std::string>()) {
    gen.kind = GeneratorKind::kTemplate;
    auto parsed = loader.parse_template(where, *text, false);
    if (!parsed) return false;
    gen.text = std::move(*parsed);
    return true;
  }
  auto* table = node.as_table();
  if (!table) return loader.fail(where, "must be a string or an inline table");
  gen.per_request = table->get("scope") && (*table)["scope"].value_or(std::string()) == "request";
  gen.transform = (*table)["transform"].value_or(std::string());
  if (!gen.transform.empty()) {
    std::string why;
    if (!apply_filter_chain(gen.transform, "", &why)) return loader.fail(where + ".transform", why);
  }
  if (auto* choices = (*table)["choice"].as_array()) {
    gen.kind = GeneratorKind::kChoice;
    for (const auto& c : *choices) gen.choices.push_back(c.value_or(std::string()));
    if (gen.choices.empty()) return loader.fail(where, "empty choice list");
  } else if (auto pattern = (*table)["pattern"].value<std::string>()) {
    gen.kind = GeneratorKind::kPattern;
    gen.pattern = *pattern;
    if (!check_pattern(loader, where, gen.pattern)) return false;
  } else if (auto* ouis = (*table)["mac"].as_array()) {
    gen.kind = GeneratorKind::kMac;
    for (const auto& o : *ouis) {
      auto oui = camaudit::util::hex_decode(o.value_or(std::string()));
      if (!oui || oui->size() != 3) return loader.fail(where, "OUI must be 3 bytes like 58:50:ED");
      gen.choices.push_back(*oui);
    }
    if (gen.choices.empty()) return loader.fail(where, "empty OUI list");
  } else if (auto* range = (*table)["int"].as_array()) {
    gen.kind = GeneratorKind::kInt;
    if (range->size() != 2) return loader.fail(where, "int = [min, max]");
    gen.low = (*range)[0].value_or(std::int64_t{0});
    gen.high = (*range)[1].value_or(std::int64_t{0});
    if (gen.low > gen.high) return loader.fail(where, "int min > max");
  } else if (auto* dates = (*table)["date"].as_array()) {
    gen.kind = GeneratorKind::kDate;
    if (dates->size() != 2) return loader.fail(where, "date = [\"YYYY-MM-DD\", \"YYYY-MM-DD\"]");
    auto low = days_from_iso((*dates)[0].value_or(std::string()));
    auto high = days_from_iso((*dates)[1].value_or(std::string()));
    if (!low || !high || *low > *high) return loader.fail(where, "bad date range");
    gen.low = *low;
    gen.high = *high;
    gen.date_format = (*table)["format"].value_or(std::string("%Y-%m-%d"));
  } else {
    return loader.fail(where, "unknown generator (choice, pattern, mac, int, date)");
  }
  return true;
}

std::optional<PortProtocol> parse_protocol(std::string_view name) {
  if (name == "http") return PortProtocol::kHttp;
  if (name == "https") return PortProtocol::kHttps;
  if (name == "rtsp") return PortProtocol::kRtsp;
  if (name == "banner") return PortProtocol::kBanner;
  if (name == "binary") return PortProtocol::kBinary;
  return std::nullopt;
}

}  // namespace

std::optional<Behaviour> parse_behaviour(std::string_view name) {
  if (name == "normal") return Behaviour::kNormal;
  if (name == "tarpit") return Behaviour::kTarpit;
  if (name == "slowloris") return Behaviour::kSlowloris;
  if (name == "endless_body") return Behaviour::kEndlessBody;
  if (name == "huge_headers") return Behaviour::kHugeHeaders;
  if (name == "reset_mid_response") return Behaviour::kResetMidResponse;
  if (name == "wrong_content_length") return Behaviour::kWrongContentLength;
  return std::nullopt;
}

std::string_view behaviour_name(Behaviour behaviour) {
  switch (behaviour) {
    case Behaviour::kNormal: return "normal";
    case Behaviour::kTarpit: return "tarpit";
    case Behaviour::kSlowloris: return "slowloris";
    case Behaviour::kEndlessBody: return "endless_body";
    case Behaviour::kHugeHeaders: return "huge_headers";
    case Behaviour::kResetMidResponse: return "reset_mid_response";
    case Behaviour::kWrongContentLength: return "wrong_content_length";
  }
  return "normal";
}

std::string_view protocol_name(PortProtocol protocol) {
  switch (protocol) {
    case PortProtocol::kHttp: return "http";
    case PortProtocol::kHttps: return "https";
    case PortProtocol::kRtsp: return "rtsp";
    case PortProtocol::kBanner: return "banner";
    case PortProtocol::kBinary: return "binary";
  }
  return "binary";
}

const std::vector<std::string>& builtin_variables() {
  static const std::vector<std::string> kNames = {
      "ip", "port", "gateway", "client_ip", "client_port", "content_length", "cseq", "uri",
      "date_http", "date_hik_rtsp", "date_asctime", "date_unix", "date_unix_us", "utc_year", "utc_month",
      "utc_day", "utc_hour", "utc_minute", "utc_second"};
  return kNames;
}

std::optional<Profile> load_profile(const std::filesystem::path& file, std::string* error) {
  Loader loader;
  loader.file = file.filename().string();
  loader.bodies_dir = file.parent_path() / "bodies";
  auto finish_error = [&]() -> std::optional<Profile> {
    if (error) *error = loader.error;
    return std::nullopt;
  };
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    loader.fail("toml", std::string(e.description()) + " at line " +
                            std::to_string(e.source().begin.line));
    return finish_error();
  }
  Profile profile;
  profile.id = root["profile"]["id"].value_or(std::string());
  profile.description = root["profile"]["description"].value_or(std::string());
  if (profile.id != file.stem().string()) {
    loader.fail("profile.id", "must equal the file name '" + file.stem().string() + "'");
    return finish_error();
  }
  for (const auto& name : builtin_variables()) loader.known.insert(name);

  // Variants: every key of every entry of a group becomes a variable.
  if (auto* groups = root["variants"].as_table()) {
    for (const auto& [group_name, node] : *groups) {
      VariantGroup group;
      group.name = std::string(group_name.str());
      auto* entries = node.as_array();
      if (!entries || entries->empty()) {
        loader.fail("variants." + group.name, "must be a non-empty [[array of tables]]");
        return finish_error();
      }
      for (const auto& entry_node : *entries) {
        auto* entry_table = entry_node.as_table();
        if (!entry_table) {
          loader.fail("variants." + group.name, "entries must be tables");
          return finish_error();
        }
        VariantEntry entry;
        for (const auto& [key, value] : *entry_table) {
          std::string k(key.str());
          if (k == "weight") {
            entry.weight = value.value_or(1.0);
          } else if (k != "source") {
            auto text = value.value<std::string>();
            if (!text) {
              loader.fail("variants." + group.name + "." + k, "values must be strings");
              return finish_error();
            }
            entry.values.emplace_back(k, *text);
            loader.known.insert(k);
          }
        }
        group.entries.push_back(std::move(entry));
      }
      profile.variants.push_back(std::move(group));
    }
  }

  // Generators in file order (toml++ tables are sorted, so order them by source line).
  if (auto* vars = root["vars"].as_table()) {
    std::vector<std::pair<std::string, const toml::node*>> ordered;
    for (const auto& [key, node] : *vars) ordered.emplace_back(std::string(key.str()), &node);
    std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
      return a.second->source().begin.line < b.second->source().begin.line;
    });
    for (const auto& [name, node] : ordered) {
      Generator gen;
      if (!load_generator(loader, name, *node, gen)) return finish_error();
      loader.known.insert(name);
      profile.generators.push_back(std::move(gen));
    }
  }

  for (const char* key : kTruthKeys) {
    auto text = root["truth"][key].value<std::string>();
    if (!text) {
      loader.fail(std::string("truth.") + key, "missing");
      return finish_error();
    }
    auto parsed = loader.parse_template(std::string("truth.") + key, *text, false);
    if (!parsed) return finish_error();
    profile.truth.emplace_back(key, std::move(*parsed));
  }

  if (auto* ports = root["port"].as_array()) {
    std::size_t index = 0;
    for (const auto& node : *ports) {
      std::string where = "port[" + std::to_string(index++) + "]";
      auto* table = node.as_table();
      if (!table) {
        loader.fail(where, "not a table");
        return finish_error();
      }
      TcpPort port;
      auto number = (*table)["port"].value<std::int64_t>();
      if (!number || *number < 1 || *number > 65535) {
        loader.fail(where + ".port", "must be 1..65535");
        return finish_error();
      }
      port.port = static_cast<std::uint16_t>(*number);
      where = "port " + std::to_string(port.port);
      auto protocol = parse_protocol((*table)["protocol"].value_or(std::string()));
      if (!protocol) {
        loader.fail(where + ".protocol", "must be http, https, rtsp, banner or binary");
        return finish_error();
      }
      port.protocol = *protocol;
      if (auto behaviour = (*table)["behaviour"].value<std::string>()) {
        auto parsed = parse_behaviour(*behaviour);
        if (!parsed) {
          loader.fail(where + ".behaviour", "unknown behaviour '" + *behaviour + "'");
          return finish_error();
        }
        port.behaviour = *parsed;
      }
      bool text_protocol = port.protocol == PortProtocol::kHttp ||
                           port.protocol == PortProtocol::kHttps ||
                           port.protocol == PortProtocol::kRtsp;
      if (port.protocol == PortProtocol::kBanner) {
        if (!(*table)["source"].value<std::string>()) {
          loader.fail(where, "banner without `source`");
          return finish_error();
        }
        if (auto hex = (*table)["banner_hex"].value<std::string>()) {
          auto bytes = camaudit::util::hex_decode(*hex);
          if (!bytes) {
            loader.fail(where + ".banner_hex", "not hex");
            return finish_error();
          }
          port.banner = Template::literal(*bytes);
        } else if (auto text = (*table)["banner"].value<std::string>()) {
          auto parsed = loader.parse_template(where + ".banner", *text, false);
          if (!parsed) return finish_error();
          port.banner = std::move(*parsed);
        } else {
          loader.fail(where, "banner port needs banner or banner_hex");
          return finish_error();
        }
      }
      if (port.protocol == PortProtocol::kHttps) {
        auto subject = (*table)["tls_subject"].value<std::string>();
        auto issuer = (*table)["tls_issuer"].value<std::string>();
        if (!subject || !issuer || !(*table)["tls_source"].value<std::string>()) {
          loader.fail(where, "https needs tls_subject, tls_issuer and tls_source");
          return finish_error();
        }
        auto s = loader.parse_template(where + ".tls_subject", *subject, false);
        auto i = loader.parse_template(where + ".tls_issuer", *issuer, false);
        if (!s || !i) return finish_error();
        port.tls_subject = std::move(*s);
        port.tls_issuer = std::move(*i);
        port.tls_days = static_cast<int>((*table)["tls_days"].value_or(std::int64_t{3650}));
      }
      if (!load_routes(loader, *table, where, text_protocol, port.routes)) return finish_error();
      if (auto* fallback = (*table)["default"].as_table()) {
        auto response = load_response(loader, *fallback, where + ".default", text_protocol);
        if (!response) return finish_error();
        port.fallback = std::move(*response);
      }
      profile.tcp.push_back(std::move(port));
    }
  }
  if (auto* udps = root["udp"].as_array()) {
    std::size_t index = 0;
    for (const auto& node : *udps) {
      std::string where = "udp[" + std::to_string(index++) + "]";
      auto* table = node.as_table();
      auto number = table ? (*table)["port"].value<std::int64_t>() : std::nullopt;
      if (!number || *number < 1 || *number > 65535) {
        loader.fail(where + ".port", "must be 1..65535");
        return finish_error();
      }
      UdpPort port;
      port.port = static_cast<std::uint16_t>(*number);
      port.kind = (*table)["kind"].value_or(std::string("other"));
      if (!load_routes(loader, *table, "udp " + std::to_string(port.port), false, port.routes)) {
        return finish_error();
      }
      profile.udp.push_back(std::move(port));
    }
  }
  if (profile.tcp.empty() && profile.udp.empty()) {
    loader.fail("port", "a profile needs at least one [[port]] or [[udp]]");
    return finish_error();
  }
  return profile;
}

std::optional<std::vector<std::shared_ptr<const Profile>>> load_profiles(
    const std::filesystem::path& dir, std::string* error) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  if (ec) {
    if (error) *error = dir.string() + ": " + ec.message();
    return std::nullopt;
  }
  std::sort(files.begin(), files.end());
  std::vector<std::shared_ptr<const Profile>> profiles;
  for (const auto& file : files) {
    auto profile = load_profile(file, error);
    if (!profile) return std::nullopt;
    profiles.push_back(std::make_shared<const Profile>(std::move(*profile)));
  }
  if (profiles.empty()) {
    if (error) *error = dir.string() + ": no *.toml profiles";
    return std::nullopt;
  }
  return profiles;
}

}  // namespace camfarm
