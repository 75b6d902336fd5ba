// SPDX-License-Identifier: Apache-2.0
// The one list of protocol parsers. Adding a protocol: write <name>.{hpp,cpp} with a
// `Parser` named k<Name>Parser, add one line here, add <name>_test.cpp and a fuzz
// target (fuzz/CMakeLists.txt). registry_test.cpp checks the list is consistent.
#include <camaudit/protocol/protocol.hpp>
#include <camaudit/protocol/all.hpp>

#include <vector>

namespace camaudit::protocol {

namespace {
// One line per protocol; order does not matter.
const std::vector<Parser> kParsers = {
    // PARSERS (keep this marker: one entry per line below it)
    kRegisterParser,
    kDhcpParser,
    kMacParser,
    kMdnsParser,
    kUpnpParser,
    kSsdpParser,
    kBannerParser,
    kFtpParser,
    kTelnetParser,
    kTlsParser,
    kRtspParser,
    kHttpParser,
    kSadpParser,
    kDhipParser,
    kDahua5050Parser,
    kDvripParser,
    kWsdParser,
    kOnvifParser,
    kIsapiParser,
    kMagicboxParser,
    kRpc2Parser,
    kVapixParser,
    kSunapiParser,
    kLapiParser,
    kReolinkParser,
    kNmapParser,
    kBaichuanParser,
};
}  // namespace

std::span<const Parser> parsers() { return kParsers; }

const Parser* find_parser(std::string_view protocol) {
  for (const Parser& p : kParsers)
    if (p.protocol == protocol) return &p;
  return nullptr;
}

bool known_field_key(std::string_view key) {
  for (const Parser& p : kParsers) {
    for (std::string_view k : p.keys) {
      if (!k.empty() && k.back() == '*') {
        if (key.substr(0, k.size() - 1) == k.substr(0, k.size() - 1)) return true;
      } else if (k == key) {
        return true;
      }
    }
  }
  return false;
}

void ParseResult::add(std::string key, std::string_view value) {
  if (value.size() > kMaxFieldBytes) value = value.substr(0, kMaxFieldBytes);
  // Most replies give a dozen or more fields; skip the first few regrowths.
  if (fields.empty()) fields.reserve(16);
  fields.push_back(Field{std::move(key), std::string(value)});
}

}  // namespace camaudit::protocol
