// SPDX-License-Identifier: Apache-2.0
// An estate: which loopback addresses are live, which profile each one runs and the
// per-device values (MAC, serial, model, nonce style...) drawn from the seed. The same spec
// and seed always give the same estate, so a test can compare a scan with the ground truth.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile.hpp"

namespace camfarm {

struct Credentials {
  std::string username;
  std::string password;
};

struct EstateSpec {
  std::string range = "127.77.0.0/28";
  double live_fraction = 1.0;
  std::uint64_t seed = 1;
  std::vector<std::pair<std::string, double>> mix;  // empty: every profile, weight 1
  std::optional<Credentials> credentials;
  int hostile_timeout_seconds = 20;
  // How long a connection may sit idle before the device closes it (real devices close
  // idle keep-alive connections after some seconds; tests shorten it to make that quick).
  double idle_timeout_seconds = 15;
  bool multicast = false;  // join discovery groups (only inside a network namespace)
  // The same estate one audit later: a second draw per address, independent of the first,
  // changes this fraction of addresses. Of the changed live devices half are gone and half
  // re-flashed (their variants, model and firmware, drawn again; MAC and serial kept); as
  // many addresses (in proportion to live_fraction) gain a new device. 0: the estate itself.
  double later = 0;
};

// Reads an estate spec TOML (keys as EstateSpec; [mix] id = weight; [credentials]).
std::optional<EstateSpec> load_estate_spec(const std::filesystem::path& file, std::string* error);

struct Cidr {
  std::uint32_t base = 0;  // host order, already masked
  int prefix = 32;
  std::uint64_t size() const { return std::uint64_t{1} << (32 - prefix); }
};
std::optional<Cidr> parse_cidr(std::string_view text, std::string* error);
std::string ipv4_text(std::uint32_t address);

// True when this process runs in a network namespace other than PID 1's (then the estate
// may use any range: nothing leaves the namespace).
bool in_private_network_namespace();
// nullopt when the range may be served here, otherwise a one-line refusal.
std::optional<std::string> refuse_range(const Cidr& range, bool private_namespace);

// Deterministic 64-bit generator (splitmix64): same seed, same sequence on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next();
  std::uint64_t below(std::uint64_t bound);  // uniform in [0, bound)
  double unit();                             // [0, 1)

 private:
  std::uint64_t m_state;
};
std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b);

// Draws one value of a generator. `lookup` resolves placeholders inside patterns.
std::string generate_value(const Generator& generator, Rng& rng, const VariableLookup& lookup);

struct Device {
  std::uint32_t address = 0;
  std::string ip;
  std::string gateway;
  std::shared_ptr<const Profile> profile;
  std::vector<std::pair<std::string, std::string>> vars;  // device-scope values

  const std::string* var(std::string_view name) const;
  std::string truth(std::string_view key) const;
};

// Picks live addresses and profiles and draws every device value.
std::optional<std::vector<Device>> build_estate(
    const EstateSpec& spec, const std::vector<std::shared_ptr<const Profile>>& profiles,
    std::string* error);

// One ground-truth record (a line of the JSON Lines file).
nlohmann::json ground_truth(const Device& device);

}  // namespace camfarm
