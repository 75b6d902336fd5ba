// SPDX-License-Identifier: Apache-2.0
// A Device is what identification concludes about one address (or one register
// row): for each attribute, every value some evidence claimed, ranked by combined
// certainty, with the claims behind it. Nothing is dropped: the winner is what a
// report shows, the rest are kept as conflicts that explain themselves.
#pragma once

#include <camaudit/core/claim.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace camaudit::identify {

struct RankedValue {
  std::string value;
  double certainty = 0;              // combined over independent rules
  std::vector<std::size_t> claims;   // indexes into Device::claims
  std::size_t times_claimed = 0;     // those claims' counts added up (breaks certainty ties)
};

struct Unparsed {
  std::size_t observation;  // the first one that gave this error
  std::string protocol;
  std::string error;
  std::size_t count = 1;    // observations of this protocol that gave this same error
};

struct Device {
  std::string key;  // the grouping key (explicit device id, else the ip)
  std::string ip;
  std::vector<std::size_t> observations;
  std::set<std::string> seen;  // "http/tcp/80", "sadp/udp/37020": what answered
  std::vector<Claim> claims;
  std::map<Attribute, std::vector<RankedValue>> ranked;  // best first
  std::vector<Unparsed> unparsed;
  // Facts about how the device was found that are not identification (e.g. "found by LAN
  // discovery outside the scanned ranges; not probed").
  std::vector<std::string> notes;

  const RankedValue* best(Attribute a) const {
    auto it = ranked.find(a);
    return it == ranked.end() || it->second.empty() ? nullptr : &it->second.front();
  }
  std::optional<std::string> value(Attribute a) const {
    const RankedValue* v = best(a);
    return v ? std::optional<std::string>(v->value) : std::nullopt;
  }
  // The brand shown only when it differs from the manufacturer.
  std::optional<std::string> brand() const;
  std::vector<std::string> capabilities() const;
  double confidence() const;  // the manufacturer's combined certainty; 0 if unknown
};

}  // namespace camaudit::identify
