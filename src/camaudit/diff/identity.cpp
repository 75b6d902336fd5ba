// SPDX-License-Identifier: Apache-2.0
#include <camaudit/diff/identity.hpp>

#include <camaudit/util/text.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

namespace camaudit::diff {

std::string_view to_string(MatchRule rule) noexcept {
  switch (rule) {
    case MatchRule::mac: return "mac";
    case MatchRule::serial: return "serial";
    case MatchRule::ip_model: return "ip+model";
    case MatchRule::ip_maker: return "ip+maker";
    case MatchRule::ip: return "ip";
    case MatchRule::key: return "key";
  }
  return "?";
}

namespace {
// "C0-56-E3-01-02-03", "c056.e301.0203" and "c0:56:e3:01:02:03" are one MAC.
std::string normal_mac(std::string_view mac) {
  std::string hex;
  for (char c : mac)
    if (std::isxdigit(static_cast<unsigned char>(c))) hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  // All zeros or all ones is what broken firmware and broadcast report: not an identity.
  if (hex.size() != 12 || hex == "000000000000" || hex == "ffffffffffff") return {};
  return hex;
}

bool known(const std::optional<std::string>& value) { return value && !util::trim(*value).empty(); }

std::string normal_serial(std::string_view serial) {
  std::string s(util::trim(serial));
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  // Placeholders some devices report instead of a serial number.
  static constexpr std::array<std::string_view, 4> kPlaceholders{"0", "UNKNOWN", "N/A", "NONE"};
  if (std::find(kPlaceholders.begin(), kPlaceholders.end(), s) != kPlaceholders.end()) return {};
  return s;
}
}  // namespace

std::string identity_value(const DeviceRecord& d, MatchRule rule) {
  switch (rule) {
    case MatchRule::mac: return d.mac ? normal_mac(*d.mac) : std::string();
    case MatchRule::serial: return d.serial ? normal_serial(*d.serial) : std::string();
    case MatchRule::ip_model:
      if (d.ip.empty() || !d.model || util::trim(*d.model).empty()) return {};
      return d.ip + " " + util::to_lower(util::trim(*d.model));
    case MatchRule::ip_maker:
      if (d.ip.empty() || !known(d.manufacturer)) return {};
      return d.ip + " " + util::to_lower(util::trim(*d.manufacturer));
    case MatchRule::ip:
      if (known(d.manufacturer) || known(d.model)) return {};
      return d.ip;
    case MatchRule::key: return d.key;
  }
  return {};
}

namespace {
struct Side {
  std::span<const DeviceRecord> devices;
  std::vector<bool> paired;
  std::vector<bool> ambiguous;
  // value -> the unpaired devices carrying it
  std::unordered_map<std::string, std::vector<std::size_t>> index(MatchRule rule) const {
    std::unordered_map<std::string, std::vector<std::size_t>> out;
    for (std::size_t i = 0; i < devices.size(); ++i)
      if (!paired[i])
        if (std::string v = identity_value(devices[i], rule); !v.empty()) out[v].push_back(i);
    return out;
  }
};

void apply_rule(MatchRule rule, Side& a, Side& b, Matching& out) {
  auto in_a = a.index(rule);
  for (auto& [value, bs] : b.index(rule)) {
    auto it = in_a.find(value);
    if (it == in_a.end()) continue;
    const std::vector<std::size_t>& as = it->second;
    if (as.size() == 1 && bs.size() == 1) {
      out.matches.push_back({as[0], bs[0], rule});
      a.paired[as[0]] = b.paired[bs[0]] = true;
      continue;
    }
    for (std::size_t i : as) a.ambiguous[i] = true;
    for (std::size_t i : bs) b.ambiguous[i] = true;
    out.ambiguous.push_back({rule, value, as, bs});
  }
}

// An ambiguity that a later rule resolved keeps only its still-unpaired candidates;
// one with none left on either side is dropped.
void settle_ambiguities(const Side& a, const Side& b, Matching& out) {
  std::vector<Ambiguity> left;
  for (Ambiguity& amb : out.ambiguous) {
    std::erase_if(amb.a, [&](std::size_t i) { return a.paired[i]; });
    std::erase_if(amb.b, [&](std::size_t i) { return b.paired[i]; });
    if (!amb.a.empty() || !amb.b.empty()) left.push_back(std::move(amb));
  }
  out.ambiguous = std::move(left);
}
}  // namespace

namespace {
Matching match_with(std::initializer_list<MatchRule> rules, std::span<const DeviceRecord> a,
                    std::span<const DeviceRecord> b) {
  Side sa{a, std::vector<bool>(a.size()), std::vector<bool>(a.size())};
  Side sb{b, std::vector<bool>(b.size()), std::vector<bool>(b.size())};
  Matching out;
  for (MatchRule rule : rules) apply_rule(rule, sa, sb, out);
  settle_ambiguities(sa, sb, out);
  std::sort(out.matches.begin(), out.matches.end(), [](const Match& x, const Match& y) { return x.b < y.b; });
  std::sort(out.ambiguous.begin(), out.ambiguous.end(), [](const Ambiguity& x, const Ambiguity& y) {
    return std::tie(x.rule, x.value) < std::tie(y.rule, y.value);
  });
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!sa.paired[i] && !sa.ambiguous[i]) out.only_a.push_back(i);
  for (std::size_t i = 0; i < b.size(); ++i)
    if (!sb.paired[i] && !sb.ambiguous[i]) out.only_b.push_back(i);
  return out;
}
}  // namespace

Matching match_devices(std::span<const DeviceRecord> a, std::span<const DeviceRecord> b) {
  return match_with({MatchRule::mac, MatchRule::serial, MatchRule::ip_model, MatchRule::ip_maker, MatchRule::ip}, a, b);
}

Matching match_by_key(std::span<const DeviceRecord> a, std::span<const DeviceRecord> b) {
  return match_with({MatchRule::key}, a, b);
}

}  // namespace camaudit::diff
