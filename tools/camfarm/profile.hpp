// SPDX-License-Identifier: Apache-2.0
// A camfarm device profile loaded from TOML (schema in profiles/README.md): the ground
// truth, the per-device variables and how to draw them, and per TCP/UDP port the routes
// that map a request to the device's real response. Loading validates everything once so
// serving never meets a malformed profile.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "template.hpp"

namespace camfarm {

enum class Behaviour {
  kNormal,
  kTarpit,
  kSlowloris,
  kEndlessBody,
  kHugeHeaders,
  kResetMidResponse,
  kWrongContentLength,
};
std::optional<Behaviour> parse_behaviour(std::string_view name);
std::string_view behaviour_name(Behaviour behaviour);

enum class Framing { kNone, kDhip, kDvrip };
enum class PortProtocol { kHttp, kHttps, kRtsp, kBanner, kBinary };
std::string_view protocol_name(PortProtocol protocol);

struct Response {
  std::optional<Template> status;  // absent for binary replies
  std::vector<Template> headers;
  Template body;
  Framing framing = Framing::kNone;
  bool close = false;
  std::optional<Behaviour> behaviour;
  std::string source;
  std::shared_ptr<const Response> authorized;  // served when the request has valid credentials
};

struct Route {
  std::optional<std::string> method;
  std::optional<std::string> path;
  std::optional<std::string> path_prefix;
  std::optional<std::string> body_contains;
  std::optional<std::regex> body_regex;
  std::string prefix_bytes;
  std::size_t min_length = 0;
  Response response;
};

struct TcpPort {
  std::uint16_t port = 0;
  PortProtocol protocol = PortProtocol::kHttp;
  Behaviour behaviour = Behaviour::kNormal;
  std::vector<Route> routes;
  std::optional<Response> fallback;  // [port.default]
  Template banner;                   // banner protocol: sent on connect
  Template tls_subject;
  Template tls_issuer;
  int tls_days = 3650;
};

struct UdpPort {
  std::uint16_t port = 0;
  std::string kind;
  std::vector<Route> routes;
};

enum class GeneratorKind { kTemplate, kChoice, kPattern, kMac, kInt, kDate };

struct Generator {
  std::string name;
  GeneratorKind kind = GeneratorKind::kTemplate;
  Template text;                     // kTemplate
  std::string pattern;               // kPattern (its own syntax, see generate_pattern)
  std::vector<std::string> choices;  // kChoice values, kMac OUIs
  std::int64_t low = 0;              // kInt bounds, kDate bounds (days since 1970)
  std::int64_t high = 0;
  std::string date_format;
  std::string transform;  // "base64|hex"
  bool per_request = false;
};

struct VariantEntry {
  double weight = 1.0;
  std::vector<std::pair<std::string, std::string>> values;
};

struct VariantGroup {
  std::string name;
  std::vector<VariantEntry> entries;
};

struct Profile {
  std::string id;
  std::string description;
  std::vector<std::pair<std::string, Template>> truth;  // manufacturer, brand, model, ...
  std::vector<VariantGroup> variants;
  std::vector<Generator> generators;
  std::vector<TcpPort> tcp;
  std::vector<UdpPort> udp;
};

// Names the server supplies for every response (profiles/README.md §2.1).
const std::vector<std::string>& builtin_variables();
inline constexpr const char* kTruthKeys[] = {"manufacturer", "brand", "model", "firmware",
                                             "serial", "mac", "device_type"};

// Loads one profile file; bodies are read relative to <dir of file>/bodies.
// Returns nullopt and a one-line error naming the file and key on failure.
std::optional<Profile> load_profile(const std::filesystem::path& file, std::string* error);

// Loads every *.toml in a folder, sorted by file name; stops at the first error.
std::optional<std::vector<std::shared_ptr<const Profile>>> load_profiles(
    const std::filesystem::path& dir, std::string* error);

}  // namespace camfarm
