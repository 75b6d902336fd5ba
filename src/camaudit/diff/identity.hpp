// SPDX-License-Identifier: Apache-2.0
// Device identity across audits: which device of audit B is which device of audit A.
// Rules in order of trust — MAC, then serial number, then (IP, model), then (IP, maker),
// then the IP alone for a host nothing was learnt of — each applied to the devices the
// earlier rules left unmatched; every pair records the rule that made it, so a reader
// can weigh "matched by ip+maker" (an unnamed camera still at its address) accordingly. A value shared by more than one device
// on either side is ambiguous: those devices are not paired by it (a later rule may
// still pair them), and if nothing pairs them they are reported as ambiguous rather
// than guessed at or called new and gone. Pure: records in, pairs out.
#pragma once

#include <camaudit/core/device_record.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit::diff {

// key: same observations (reidentify). ip_maker: IP and manufacturer; ip: the IP of a
// device with neither manufacturer nor model on record.
enum class MatchRule { mac, serial, ip_model, ip_maker, ip, key };
std::string_view to_string(MatchRule rule) noexcept;

struct Match {
  std::size_t a = 0, b = 0;  // indexes into the two audits' device lists
  MatchRule rule = MatchRule::mac;
};

// Devices that one value could not tell apart, and were left unpaired.
struct Ambiguity {
  MatchRule rule = MatchRule::mac;
  std::string value;           // the normalised MAC, serial or "ip model"
  std::vector<std::size_t> a;  // candidates in A still unpaired at the end
  std::vector<std::size_t> b;
};

struct Matching {
  std::vector<Match> matches;  // in B's order
  std::vector<Ambiguity> ambiguous;
  std::vector<std::size_t> only_a;  // gone: no match and not ambiguous
  std::vector<std::size_t> only_b;  // new
};

Matching match_devices(std::span<const DeviceRecord> a, std::span<const DeviceRecord> b);
// Pairs devices by their grouping key: for two identifications of the same observations
// (reidentify), where the key is the identity and attributes are what may change.
Matching match_by_key(std::span<const DeviceRecord> a, std::span<const DeviceRecord> b);

// The identity value a rule reads from a device, normalised ("" when the device has
// none, or an unusable one such as an all-zero MAC). Exposed for tests.
std::string identity_value(const DeviceRecord& device, MatchRule rule);

}  // namespace camaudit::diff
