// SPDX-License-Identifier: Apache-2.0
#include "estate.hpp"

#include <arpa/inet.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <ctime>
#include <toml++/toml.h>

namespace camfarm {

namespace {

std::string read_link(const char* path) {
  char buffer[256];
  auto n = ::readlink(path, buffer, sizeof buffer - 1);
  if (n <= 0) return {};
  return std::string(buffer, static_cast<std::size_t>(n));
}

std::string format_mac(std::string_view six_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < six_bytes.size(); ++i) {
    auto b = static_cast<unsigned char>(six_bytes[i]);
    if (i) out += ':';
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// Pattern syntax (profiles/README.md §2.1): [class]{n}, {variable|filters}, \x literal.
std::string generate_pattern(std::string_view pattern, Rng& rng, const VariableLookup& lookup) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += pattern[++i];
    } else if (c == '[') {
      auto close = pattern.find(']', i + 1);
      std::string set;
      for (std::size_t k = i + 1; k < close; ++k) {
        if (k + 2 < close && pattern[k + 1] == '-') {
          for (char x = pattern[k]; x <= pattern[k + 2]; ++x) set += x;
          k += 2;
        } else {
          set += pattern[k];
        }
      }
      i = close;
      std::size_t count = 1;
      if (i + 1 < pattern.size() && pattern[i + 1] == '{') {
        auto end = pattern.find('}', i + 1);
        auto digits = pattern.substr(i + 2, end - i - 2);
        count = 0;
        for (char d : digits) count = count * 10 + static_cast<std::size_t>(d - '0');
        i = end;
      }
      for (std::size_t n = 0; n < count && !set.empty(); ++n) out += set[rng.below(set.size())];
    } else if (c == '{') {
      auto close = pattern.find('}', i);
      auto fragment = pattern.substr(i, close - i + 1);
      if (auto parsed = Template::parse(fragment, nullptr)) out += parsed->expand(lookup);
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::uint64_t Rng::next() {
  std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t Rng::below(std::uint64_t bound) {
  if (bound == 0) return 0;
  // Rejection sampling keeps the distribution uniform.
  std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % bound);
  std::uint64_t value;
  do {
    value = next();
  } while (value >= limit);
  return value % bound;
}

double Rng::unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b) {
  Rng rng(a ^ (b * 0x9e3779b97f4a7c15ULL));
  rng.next();
  return rng.next();
}

std::string generate_value(const Generator& generator, Rng& rng, const VariableLookup& lookup) {
  std::string value;
  switch (generator.kind) {
    case GeneratorKind::kTemplate: value = generator.text.expand(lookup); break;
    case GeneratorKind::kChoice: value = generator.choices[rng.below(generator.choices.size())]; break;
    case GeneratorKind::kPattern: value = generate_pattern(generator.pattern, rng, lookup); break;
    case GeneratorKind::kMac: {
      std::string bytes = generator.choices[rng.below(generator.choices.size())];
      for (int i = 0; i < 3; ++i) bytes += static_cast<char>(rng.below(256));
      value = format_mac(bytes);
      break;
    }
    case GeneratorKind::kInt: {
      auto span = static_cast<std::uint64_t>(generator.high - generator.low) + 1;
      value = std::to_string(generator.low + static_cast<std::int64_t>(rng.below(span)));
      break;
    }
    case GeneratorKind::kDate: {
      auto span = static_cast<std::uint64_t>(generator.high - generator.low) + 1;
      std::time_t t = static_cast<std::time_t>((generator.low + static_cast<std::int64_t>(rng.below(span))) * 86400 +
                                               static_cast<std::int64_t>(rng.below(86400)));
      std::tm tm{};
      gmtime_r(&t, &tm);
      char buffer[128];
      auto n = std::strftime(buffer, sizeof buffer, generator.date_format.c_str(), &tm);
      value.assign(buffer, n);
      break;
    }
  }
  if (!generator.transform.empty()) {
    if (auto transformed = apply_filter_chain(generator.transform, value, nullptr)) value = *transformed;
  }
  return value;
}

std::optional<EstateSpec> load_estate_spec(const std::filesystem::path& file, std::string* error) {
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    if (error) {
      *error = file.string() + ": " + std::string(e.description()) + " at line " +
               std::to_string(e.source().begin.line);
    }
    return std::nullopt;
  }
  EstateSpec spec;
  spec.range = root["range"].value_or(spec.range);
  spec.live_fraction = root["live_fraction"].value_or(spec.live_fraction);
  spec.seed = static_cast<std::uint64_t>(root["seed"].value_or(std::int64_t{1}));
  spec.hostile_timeout_seconds =
      static_cast<int>(root["hostile_timeout"].value_or(std::int64_t{spec.hostile_timeout_seconds}));
  spec.multicast = root["multicast"].value_or(false);
  if (auto* mix = root["mix"].as_table()) {
    for (const auto& [id, weight] : *mix) {
      spec.mix.emplace_back(std::string(id.str()), weight.value_or(0.0));
    }
  }
  if (auto* credentials = root["credentials"].as_table()) {
    spec.credentials = Credentials{(*credentials)["username"].value_or(std::string()),
                                   (*credentials)["password"].value_or(std::string())};
  }
  if (spec.live_fraction < 0 || spec.live_fraction > 1) {
    if (error) *error = file.string() + ": live_fraction must be in [0, 1]";
    return std::nullopt;
  }
  return spec;
}

std::optional<Cidr> parse_cidr(std::string_view text, std::string* error) {
  auto slash = text.find('/');
  std::string address(text.substr(0, slash));
  int prefix = 32;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 2) {
      if (error) *error = "bad prefix length in '" + std::string(text) + "'";
      return std::nullopt;
    }
    prefix = 0;
    for (char d : digits) {
      if (d < '0' || d > '9') {
        if (error) *error = "bad prefix length in '" + std::string(text) + "'";
        return std::nullopt;
      }
      prefix = prefix * 10 + (d - '0');
    }
  }
  in_addr parsed{};
  if (prefix > 32 || ::inet_pton(AF_INET, address.c_str(), &parsed) != 1) {
    if (error) *error = "not an IPv4 CIDR: '" + std::string(text) + "'";
    return std::nullopt;
  }
  Cidr cidr;
  cidr.prefix = prefix;
  std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  cidr.base = ntohl(parsed.s_addr) & mask;
  return cidr;
}

std::string ipv4_text(std::uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 255) + "." +
         std::to_string((address >> 8) & 255) + "." + std::to_string(address & 255);
}

bool in_private_network_namespace() {
  auto self = read_link("/proc/self/ns/net");
  if (self.empty()) return false;
  auto init = read_link("/proc/1/ns/net");
  if (!init.empty()) return self != init;
  // PID 1 is not readable (a sandbox or container): isolation is still proven when
  // this process runs in a namespace made by `ip netns add`, which bind-mounts each
  // one at /run/netns/<name> (`ip netns identify` compares the same inodes).
  struct stat mine {};
  if (::stat("/proc/self/ns/net", &mine) != 0) return false;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/run/netns", ec)) {
    struct stat named {};
    if (::stat(entry.path().c_str(), &named) == 0 && named.st_dev == mine.st_dev && named.st_ino == mine.st_ino)
      return true;
  }
  // Unprovable: treat it as the host namespace.
  return false;
}

std::optional<std::string> refuse_range(const Cidr& range, bool private_namespace) {
  if (private_namespace) return std::nullopt;
  bool inside_loopback = range.prefix >= 8 && (range.base >> 24) == 127;
  if (inside_loopback) return std::nullopt;
  return "refusing range " + ipv4_text(range.base) + "/" + std::to_string(range.prefix) +
         ": outside 127.0.0.0/8 and this process is in the host network namespace "
         "(run inside `ip netns exec` or `unshare -n` to serve other ranges)";
}

const std::string* Device::var(std::string_view name) const {
  for (const auto& [key, value] : vars) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::string Device::truth(std::string_view key) const {
  for (const auto& [name, text] : profile->truth) {
    if (name != key) continue;
    return text.expand([this](std::string_view n) -> std::optional<std::string> {
      if (n == "ip") return ip;
      if (n == "gateway") return gateway;
      if (auto* v = var(n)) return *v;
      return std::nullopt;
    });
  }
  return {};
}

namespace {

using Mix = std::vector<std::pair<std::shared_ptr<const Profile>, double>>;

std::shared_ptr<const Profile> pick_profile(const Mix& mix, double total, Rng& rng) {
  double pick = rng.unit() * total;
  for (const auto& [candidate, weight] : mix) {
    if (pick < weight) return candidate;
    pick -= weight;
  }
  return mix.back().first;
}

// One entry of each variant group, by weight.
std::vector<std::pair<std::string, std::string>> draw_variants(const Profile& profile, Rng& rng) {
  std::vector<std::pair<std::string, std::string>> vars;
  for (const auto& group : profile.variants) {
    double weights = 0;
    for (const auto& entry : group.entries) weights += entry.weight;
    double x = rng.unit() * weights;
    const VariantEntry* chosen = &group.entries.back();
    for (const auto& entry : group.entries) {
      if (x < entry.weight) {
        chosen = &entry;
        break;
      }
      x -= entry.weight;
    }
    for (const auto& value : chosen->values) vars.push_back(value);
  }
  return vars;
}

// A device of `profile` at `address`; `reflash`, when given, draws the variants again (the
// device one firmware update later) while `rng` still draws what it would have drawn.
Device make_device(std::uint32_t address, std::shared_ptr<const Profile> profile, Rng& rng, Rng* reflash) {
  Device device;
  device.address = address;
  device.ip = ipv4_text(address);
  device.gateway = ipv4_text((address & 0xffffff00u) | 1u);
  device.profile = std::move(profile);
  device.vars = draw_variants(*device.profile, rng);
  if (reflash) device.vars = draw_variants(*device.profile, *reflash);
  auto lookup = [&device](std::string_view n) -> std::optional<std::string> {
    if (n == "ip") return device.ip;
    if (n == "gateway") return device.gateway;
    if (auto* v = device.var(n)) return *v;
    return std::nullopt;
  };
  for (const auto& generator : device.profile->generators) {
    if (generator.per_request) continue;
    device.vars.emplace_back(generator.name, generate_value(generator, rng, lookup));
  }
  return device;
}

}  // namespace

std::optional<std::vector<Device>> build_estate(
    const EstateSpec& spec, const std::vector<std::shared_ptr<const Profile>>& profiles,
    std::string* error) {
  std::string why;
  auto range = parse_cidr(spec.range, &why);
  if (!range) {
    if (error) *error = why;
    return std::nullopt;
  }
  if (auto refusal = refuse_range(*range, in_private_network_namespace())) {
    if (error) *error = *refusal;
    return std::nullopt;
  }
  // Resolve the mix to profiles.
  Mix mix;
  if (spec.mix.empty()) {
    for (const auto& p : profiles) mix.emplace_back(p, 1.0);
  } else {
    for (const auto& [mix_id, weight] : spec.mix) {
      const std::string& id = mix_id;  // clang 14 cannot capture a structured binding
      auto it = std::find_if(profiles.begin(), profiles.end(), [&](const auto& p) { return p->id == id; });
      if (it == profiles.end()) {
        if (error) *error = "mix names unknown profile '" + id + "'";
        return std::nullopt;
      }
      if (weight > 0) mix.emplace_back(*it, weight);
    }
  }
  double total = 0;
  for (const auto& entry : mix) total += entry.second;
  if (mix.empty() || total <= 0) {
    if (error) *error = "the profile mix is empty";
    return std::nullopt;
  }

  std::vector<Device> devices;
  std::uint64_t first = range->base;
  std::uint64_t last = range->base + range->size() - 1;
  // Skip network and broadcast addresses of ranges larger than /31, as on a real LAN.
  if (range->prefix < 31) {
    ++first;
    --last;
  }
  for (std::uint64_t a = first; a <= last; ++a) {
    auto address = static_cast<std::uint32_t>(a);
    Rng rng(mix_seed(spec.seed, address));
    Rng later(mix_seed(spec.seed ^ 0x6c61746572ULL, address));  // "later": the second draw
    const double change = later.unit();
    const bool live = rng.unit() < spec.live_fraction;
    const bool changed = change < spec.later;
    if (live && changed && change < spec.later / 2) continue;  // gone since
    if (live) {
      devices.push_back(make_device(address, pick_profile(mix, total, rng), rng, changed ? &later : nullptr));
    } else if (changed && change < spec.later * spec.live_fraction) {  // new since
      devices.push_back(make_device(address, pick_profile(mix, total, later), later, nullptr));
    }
  }
  return devices;
}

nlohmann::json ground_truth(const Device& device) {
  nlohmann::json ports = nlohmann::json::array();
  for (const auto& port : device.profile->tcp) ports.push_back(port.port);
  nlohmann::json udp = nlohmann::json::array();
  for (const auto& port : device.profile->udp) udp.push_back(port.port);
  nlohmann::json record;
  record["ip"] = device.ip;
  record["ports"] = ports;
  record["udp_ports"] = udp;
  record["profile"] = device.profile->id;
  for (const char* key : kTruthKeys) record[key] = device.truth(key);
  return record;
}

}  // namespace camfarm
