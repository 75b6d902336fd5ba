// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/targets.hpp>
#include <camaudit/util/text.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <bitset>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <netdb.h>
#include <sys/socket.h>

namespace camaudit::scan {

namespace {

// An address as one unsigned number: IPv4 in the low 32 bits, IPv6 in all 128. Block
// arithmetic (first + i, a - first) is done on these.
__extension__ typedef unsigned __int128 Uint128;

Uint128 to_number(const IpAddress& address) {
  if (!address.v6) return address.v4_value();
  Uint128 value = 0;
  for (std::uint8_t b : address.bytes) value = (value << 8) | b;
  return value;
}

IpAddress from_number(bool v6, Uint128 value) {
  if (!v6) return IpAddress::v4(static_cast<std::uint32_t>(value));
  IpAddress address;
  address.v6 = true;
  for (int i = 15; i >= 0; --i, value >>= 8) address.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value);
  return address;
}

// Specs come from users and files, and the fuzz target feeds raw bytes: an error message
// shows at most 100 printable characters of them.
std::string printable(std::string_view spec) {
  std::string out;
  for (char c : spec.substr(0, 100)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (spec.size() > 100) out += "...";
  return out;
}

[[noreturn]] void fail(std::string_view spec, std::string_view what) {
  throw TargetError(printable(spec) + ": " + std::string(what));
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A decimal number of at most `max`; nothing when it is not digits or is larger.
std::optional<std::uint64_t> parse_number(std::string_view s, std::uint64_t max) {
  if (!is_digits(s)) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || value > max) return std::nullopt;
  return value;
}

// The characters of nmap's IPv4 octet syntax: a spec made only of these is an address
// attempt (and gets an address error), never a hostname.
bool is_octet_syntax(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '-' || c == '*';
  });
}

// RFC 1123 host name (underscores tolerated, as resolvers do); the last label may not be
// all digits, so a mistyped address like 10.0.0 is never sent to the resolver.
bool is_hostname(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  if (s.empty() || s.size() > 253) return false;
  std::string_view last;
  for (std::string_view label : util::split(s, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    last = label;
  }
  return !is_digits(last);
}

std::optional<IpAddress> parse_ipv6(std::string_view text) {
  // inet_pton reads a C string: a NUL would end the address early, so only its own
  // characters get through.
  if (text.find(':') == std::string_view::npos || text.size() > 45 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; }))
    return std::nullopt;
  IpAddress address;
  address.v6 = true;
  if (inet_pton(AF_INET6, std::string(text).c_str(), address.bytes.data()) != 1) return std::nullopt;
  return address;
}

// The octets of one part of nmap's IPv4 syntax: "7", "1-254", "-10", "200-", "*", "-",
// or a comma list of these.
std::bitset<256> parse_octet(std::string_view spec, std::string_view part, int position) {
  const std::string octet = "octet " + std::to_string(position);
  std::bitset<256> values;
  for (std::string_view item : util::split(part, ',')) {
    if (item.empty()) fail(spec, octet + " has an empty element");
    if (item == "*") item = "0-255";
    std::size_t dash = item.find('-');
    std::string_view low_text = item.substr(0, dash);
    std::string_view high_text = dash == std::string_view::npos ? low_text : item.substr(dash + 1);
    if (low_text.empty() && dash != std::string_view::npos) low_text = "0";
    if (high_text.empty()) high_text = "255";
    for (std::string_view number : {low_text, high_text}) {
      if (!is_digits(number)) fail(spec, octet + " has '" + printable(item) + "', expected a number 0-255, a range or *");
      if (!parse_number(number, 255)) fail(spec, octet + " is " + printable(number) + ", must be 0-255");
    }
    auto low = *parse_number(low_text, 255), high = *parse_number(high_text, 255);
    if (low > high) fail(spec, octet + " range " + printable(item) + " is reversed");
    for (auto v = low; v <= high; ++v) values.set(v);
  }
  return values;
}

// nmap's IPv4 syntax: four dot-separated octet parts. One value in every part is a single
// address; anything else is an octet product, kept as four lists.
TargetSet::Block parse_octets(std::string_view spec, std::string_view text) {
  auto parts = util::split(text, '.');
  if (parts.size() != 4) fail(spec, "expected 4 octets, found " + std::to_string(parts.size()));
  TargetSet::Block block;
  block.spec = std::string(spec);
  bool single = true;
  for (std::size_t i = 0; i < 4; ++i) {
    if (parts[i].empty()) fail(spec, "octet " + std::to_string(i + 1) + " is empty");
    auto values = parse_octet(spec, parts[i], static_cast<int>(i + 1));
    for (unsigned v = 0; v < 256; ++v)
      if (values.test(v)) block.octets[i].push_back(static_cast<std::uint8_t>(v));
    single = single && block.octets[i].size() == 1;
  }
  if (single) {
    for (std::size_t i = 0; i < 4; ++i) block.first.bytes[i] = block.octets[i].front();
    for (auto& list : block.octets) list.clear();
    block.count = 1;
  }
  return block;
}

std::optional<IpAddress> parse_single_ipv4(std::string_view text) {
  auto parts = util::split(text, '.');
  if (parts.size() != 4) return std::nullopt;
  IpAddress address;
  for (std::size_t i = 0; i < 4; ++i) {
    auto value = parse_number(parts[i], 255);
    if (!value) return std::nullopt;
    address.bytes[i] = static_cast<std::uint8_t>(*value);
  }
  return address;
}

TargetSet::Block contiguous(std::string_view spec, const IpAddress& first, std::uint64_t count) {
  TargetSet::Block block;
  block.spec = std::string(spec);
  block.v6 = first.v6;
  block.first = first;
  block.count = count;
  return block;
}

// address/prefix with the host bits cleared, as nmap does (10.0.0.7/24 is 10.0.0.0-255).
TargetSet::Block cidr_block(std::string_view spec, const IpAddress& address, unsigned prefix) {
  const unsigned bits = address.v6 ? 128 : 32;
  if (prefix > bits) fail(spec, "prefix longer than " + std::to_string(bits));
  const unsigned host_bits = bits - prefix;
  if (host_bits > 32)
    fail(spec, "IPv6 block of 2^" + std::to_string(host_bits) +
                   " addresses; at most 2^32 (prefix /96 or longer), as nmap limits them");
  Uint128 value = to_number(address);
  value = (value >> host_bits) << host_bits;  // host_bits <= 32: no full-width shift
  return contiguous(spec, from_number(address.v6, value), std::uint64_t{1} << host_bits);
}

// "first-last" with two whole addresses (10.0.0.1-10.0.0.50, fd00::1-fd00::ff), the
// masscan form; nothing when the spec is not of that shape.
std::optional<TargetSet::Block> parse_full_range(std::string_view spec) {
  std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos || spec.find('-', dash + 1) != std::string_view::npos) return std::nullopt;
  std::string_view left = spec.substr(0, dash), right = spec.substr(dash + 1);
  auto first = parse_single_ipv4(left), last = parse_single_ipv4(right);
  if (!first || !last) {
    first = parse_ipv6(left);
    last = parse_ipv6(right);
  }
  if (!first || !last) return std::nullopt;
  Uint128 low = to_number(*first), high = to_number(*last);
  if (low > high) fail(spec, "range ends before it starts");
  if (high - low >= (Uint128{1} << 32)) fail(spec, "range of more than 2^32 addresses");
  return contiguous(spec, *first, static_cast<std::uint64_t>(high - low) + 1);
}

struct PrivateRange {
  bool v6;
  Uint128 low, high;
};

// The address space a scan may enter without --allow-public. IPv4-mapped IPv6
// (::ffff:a.b.c.d) reaches the IPv4 host, so it is private exactly when that host is.
const std::vector<PrivateRange>& private_ranges() {
  static const std::vector<PrivateRange> ranges = [] {
    struct Cidr {
      std::string_view text;
      unsigned prefix;
    };
    const Cidr v4[] = {{"10.0.0.0", 8},     {"172.16.0.0", 12}, {"192.168.0.0", 16},
                       {"127.0.0.0", 8},    {"169.254.0.0", 16}, {"100.64.0.0", 10}};
    const Cidr v6[] = {{"::1", 128}, {"fe80::", 10}, {"fc00::", 7}};
    std::vector<PrivateRange> out;
    const Uint128 mapped = Uint128{0xffff} << 32;
    for (const auto& c : v4) {
      Uint128 low = to_number(*parse_single_ipv4(c.text)), size = Uint128{1} << (32 - c.prefix);
      out.push_back({false, low, low + size - 1});
      out.push_back({true, mapped + low, mapped + low + size - 1});
    }
    for (const auto& c : v6) {
      Uint128 low = to_number(*parse_ipv6(c.text));
      Uint128 host_mask = c.prefix == 128 ? 0 : (~Uint128{0} >> c.prefix);
      out.push_back({true, low, low | host_mask});
    }
    return out;
  }();
  return ranges;
}

const PrivateRange* private_range_of(const IpAddress& address) {
  const Uint128 value = to_number(address);
  for (const auto& range : private_ranges())
    if (range.v6 == address.v6 && range.low <= value && value <= range.high) return &range;
  return nullptr;
}

constexpr std::string_view kPublic = "public address space (not RFC 1918, loopback, link-local, CGNAT or ULA)";

std::string_view ipv4_reason(std::uint32_t value) {
  if (value >> 24 == 0) return "in 0.0.0.0/8 (\"this network\"), not a scannable host";
  if (value >> 28 == 0xe) return "multicast (224.0.0.0/4), not a scannable host";
  if (value >> 28 == 0xf) return "reserved (240.0.0.0/4) or broadcast, not a scannable host";
  return kPublic;
}

// A member of the block that public_reason() refuses, or nothing when the whole block is
// private. Needs only bounds: every private range is one interval, so a contiguous block
// is private exactly when its first and last addresses fall in the same range.
std::optional<IpAddress> unsafe_member(const TargetSet::Block& block) {
  if (block.octets[0].empty()) {
    if (!private_range_of(block.first)) return block.first;
    const PrivateRange& range = *private_range_of(block.first);
    const Uint128 last = to_number(block.first) + block.count - 1;
    if (last <= range.high) return std::nullopt;
    return from_number(block.v6, range.high + 1);  // just past the range: in no private range
  }
  // An octet product is a union of sub-blocks, one per first octet. Each sub-block lies
  // between its lowest and highest member, and no two private IPv4 ranges share a first
  // octet, so the sub-block is private exactly when both ends are in the same range.
  for (std::uint8_t head : block.octets[0]) {
    IpAddress low, high;
    low.bytes[0] = high.bytes[0] = head;
    for (std::size_t i = 1; i < 4; ++i) {
      low.bytes[i] = block.octets[i].front();
      high.bytes[i] = block.octets[i].back();
    }
    const PrivateRange* range = private_range_of(low);
    if (!range) return low;
    if (to_number(high) > range->high) return high;
  }
  return std::nullopt;
}

std::string read_error(const std::string& path) { return path + ": cannot open: " + std::strerror(errno); }

// Calls `take(spec)` for each spec of an -iL style file (blank-separated, '#' comments),
// turning a TargetError into one that names file:line.
template <typename Take>
void for_each_spec_in_file(const std::string& path, Take take) {
  std::ifstream file;
  std::istream* in = &std::cin;  // "-": standard input, as nmap -iL - reads it
  if (path != "-") {
    file.open(path);
    if (!file) throw TargetError(read_error(path));
    in = &file;
  }
  std::string line;
  for (std::size_t number = 1; std::getline(*in, line); ++number) {
    std::string_view text = line;
    text = text.substr(0, text.find('#'));
    std::size_t pos = 0;
    while (pos < text.size()) {
      pos = text.find_first_not_of(" \t\r\f\v", pos);
      if (pos == std::string_view::npos) break;
      std::size_t end = std::min(text.find_first_of(" \t\r\f\v", pos), text.size());
      try {
        take(text.substr(pos, end - pos));
      } catch (const TargetError& error) {
        throw TargetError(path + ":" + std::to_string(number) + ": " + error.what());
      }
      pos = end;
    }
  }
  if (in->bad()) throw TargetError(path + ": read error");
}

// Splits --exclude's comma list. A piece made only of octet characters with fewer than
// three dots cannot be a spec by itself, so it continues the previous one's octet list.
std::vector<std::string_view> split_spec_list(std::string_view text) {
  std::vector<std::string_view> specs;
  const char* start = text.data();
  for (std::string_view piece : util::split(text, ',')) {
    const std::string_view bare = util::trim(piece);
    bool continues = !specs.empty() && !bare.empty() && is_octet_syntax(bare) &&
                     std::count(bare.begin(), bare.end(), '.') < 3;
    if (continues) {
      specs.back() = std::string_view(start, static_cast<std::size_t>(piece.data() + piece.size() - start));
    } else {
      specs.push_back(piece);
      start = piece.data();
    }
  }
  return specs;
}

}  // namespace

// --- IpAddress

IpAddress IpAddress::v4(std::uint32_t host_order) {
  IpAddress address;
  for (int i = 3; i >= 0; --i, host_order >>= 8) address.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(host_order);
  return address;
}

std::uint32_t IpAddress::v4_value() const {
  return std::uint32_t{bytes[0]} << 24 | std::uint32_t{bytes[1]} << 16 | std::uint32_t{bytes[2]} << 8 | bytes[3];
}

std::string IpAddress::str() const {
  auto dotted = [](const std::uint8_t* b) {
    return std::to_string(b[0]) + '.' + std::to_string(b[1]) + '.' + std::to_string(b[2]) + '.' + std::to_string(b[3]);
  };
  if (!v6) return dotted(bytes.data());
  // RFC 5952: lower-case hex without leading zeros, the longest run (two or more, the first
  // on a tie) of zero groups as "::", and IPv4-mapped addresses in dotted form (§5).
  static constexpr std::array<std::uint8_t, 12> kMappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), bytes.begin())) return "::ffff:" + dotted(bytes.data() + 12);
  std::array<unsigned, 8> groups{};
  for (std::size_t i = 0; i < 8; ++i) groups[i] = unsigned{bytes[2 * i]} << 8 | bytes[2 * i + 1];
  std::size_t best_start = 8, best_length = 1;
  for (std::size_t i = 0; i < 8;) {
    std::size_t j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_length) {
      best_start = i;
      best_length = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  std::string out;
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_length - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      unsigned digit = (groups[i] >> shift) & 0xf;
      if (digit != 0 || started || shift == 0) {
        out += kHex[digit];
        started = true;
      }
    }
  }
  return out;
}

std::string_view public_reason(const IpAddress& address) {
  if (private_range_of(address)) return {};
  if (!address.v6) return ipv4_reason(address.v4_value());
  const Uint128 value = to_number(address);
  if (value >> 32 == 0xffff) return ipv4_reason(static_cast<std::uint32_t>(value));
  if (value == 0) return "the unspecified address ::, not a scannable host";
  if (address.bytes[0] == 0xff) return "IPv6 multicast (ff00::/8), not a scannable host";
  return kPublic;
}

// --- Block

std::uint64_t TargetSet::Block::size() const {
  if (octets[0].empty()) return count;
  std::uint64_t product = 1;
  for (const auto& list : octets) product *= list.size();
  return product;
}

IpAddress TargetSet::Block::at(std::uint64_t index) const {
  if (octets[0].empty()) return from_number(v6, to_number(first) + index);
  // Mixed radix, last octet fastest: 10.0.1-3.* runs 10.0.1.0 ... 10.0.1.255, 10.0.2.0 ...
  IpAddress address;
  for (int i = 3; i >= 0; --i) {
    const auto& list = octets[static_cast<std::size_t>(i)];
    address.bytes[static_cast<std::size_t>(i)] = list[index % list.size()];
    index /= list.size();
  }
  return address;
}

bool TargetSet::Block::contains(const IpAddress& address) const {
  if (address.v6 != v6) return false;
  if (octets[0].empty()) {
    const Uint128 value = to_number(address), low = to_number(first);
    return value >= low && value - low < count;
  }
  for (std::size_t i = 0; i < 4; ++i)
    if (!std::binary_search(octets[i].begin(), octets[i].end(), address.bytes[i])) return false;
  return true;
}

// --- parse_target

std::optional<TargetSet::Block> parse_target(std::string_view spec) {
  if (spec.empty()) throw TargetError("empty target");
  if (std::size_t slash = spec.find('/'); slash != std::string_view::npos) {
    std::string_view base = spec.substr(0, slash), prefix_text = spec.substr(slash + 1);
    auto prefix = parse_number(prefix_text, 999);  // the family decides the limit (cidr_block)
    if (!prefix) fail(spec, "prefix '" + printable(prefix_text) + "' is not a number");
    if (auto v6 = parse_ipv6(base)) return cidr_block(spec, *v6, static_cast<unsigned>(*prefix));
    if (auto v4 = parse_single_ipv4(base)) return cidr_block(spec, *v4, static_cast<unsigned>(*prefix));
    if (is_octet_syntax(base)) {
      parse_octets(spec, base);  // throws the precise octet error, if there is one
      fail(spec, "a CIDR block needs a single base address, not a range");
    }
    if (is_hostname(base)) return std::nullopt;
    fail(spec, "not an address, CIDR block or host name");
  }
  if (auto range = parse_full_range(spec)) return range;
  if (auto v6 = parse_ipv6(spec)) return contiguous(spec, *v6, 1);
  if (spec.find(':') != std::string_view::npos) fail(spec, "not a valid IPv6 address");
  if (is_octet_syntax(spec)) return parse_octets(spec, spec);
  if (is_hostname(spec)) return std::nullopt;
  fail(spec, "not an address, range, CIDR block or host name");
}

// --- TargetSet

TargetSet::Block TargetSet::resolve(std::string_view spec) const {
  spec = util::trim(spec);
  if (auto block = parse_target(spec)) return std::move(*block);
  // A host name, possibly with /prefix: resolve it once, now. nmap scans IPv4 unless
  // told -6, so an IPv4 answer wins over an IPv6 one.
  std::string_view name = spec.substr(0, spec.find('/'));
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  if (int status = getaddrinfo(std::string(name).c_str(), nullptr, &hints, &raw); status != 0)
    fail(spec, std::string("cannot resolve: ") + gai_strerror(status));
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> results(raw, freeaddrinfo);
  std::optional<IpAddress> v4, v6;
  for (const addrinfo* ai = results.get(); ai; ai = ai->ai_next) {
    if (ai->ai_family == AF_INET && !v4) {
      const auto* sin = reinterpret_cast<const sockaddr_in*>(ai->ai_addr);
      v4 = IpAddress::v4(ntohl(sin->sin_addr.s_addr));
    } else if (ai->ai_family == AF_INET6 && !v6) {
      const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(ai->ai_addr);
      IpAddress address;
      address.v6 = true;
      std::memcpy(address.bytes.data(), &sin6->sin6_addr, 16);
      v6 = address;
    }
  }
  if (!v4 && !v6) fail(spec, "cannot resolve: no IPv4 or IPv6 address");
  const IpAddress address = v4 ? *v4 : *v6;
  if (name.size() == spec.size()) return contiguous(spec, address, 1);
  return cidr_block(spec, address, static_cast<unsigned>(*parse_number(spec.substr(name.size() + 1), 999)));
}

void TargetSet::add(std::string_view spec) {
  spec = util::trim(spec);
  Block block = resolve(spec);
  if (block.size() > kMaxSize - m_size)
    fail(spec, "more than 2^40 addresses in all; split the scan");
  m_specs.emplace_back(spec);
  m_starts.push_back(m_size);
  m_size += block.size();
  m_blocks.push_back(std::move(block));
}

void TargetSet::add_file(const std::string& path) {
  for_each_spec_in_file(path, [this](std::string_view spec) { add(spec); });
}

void TargetSet::exclude(std::string_view specs) {
  std::vector<Block> blocks;  // all or nothing: a bad element leaves the set unchanged
  for (std::string_view spec : split_spec_list(specs)) {
    if (util::trim(spec).empty()) throw TargetError("--exclude '" + printable(specs) + "': empty element");
    blocks.push_back(resolve(spec));
  }
  for (auto& block : blocks) {
    m_exclusions.push_back(block.spec);
    m_excluded.push_back(std::move(block));
  }
}

void TargetSet::exclude_file(const std::string& path) {
  for_each_spec_in_file(path, [this](std::string_view spec) {
    m_excluded.push_back(resolve(spec));
    m_exclusions.emplace_back(spec);
  });
}

std::uint64_t TargetSet::size() const { return m_size; }

IpAddress TargetSet::at(std::uint64_t index) const {
  if (index >= m_size) throw std::out_of_range("target index " + std::to_string(index) + " past " + std::to_string(m_size));
  // The last block starting at or before index; empty blocks cannot exist (size >= 1).
  auto it = std::upper_bound(m_starts.begin(), m_starts.end(), index) - 1;
  auto block = static_cast<std::size_t>(it - m_starts.begin());
  return m_blocks[block].at(index - *it);
}

bool TargetSet::excluded(const IpAddress& address) const {
  return std::any_of(m_excluded.begin(), m_excluded.end(), [&](const Block& block) { return block.contains(address); });
}

bool TargetSet::contains(const IpAddress& address) const {
  return !excluded(address) &&
         std::any_of(m_blocks.begin(), m_blocks.end(), [&](const Block& block) { return block.contains(address); });
}

std::vector<std::string> TargetSet::public_specs() const {
  std::vector<std::string> out;
  for (const Block& block : m_blocks)
    if (auto member = unsafe_member(block))
      out.push_back(printable(block.spec) + ": " + member->str() + " is " + std::string(public_reason(*member)));
  return out;
}

const std::vector<std::string>& TargetSet::specs() const { return m_specs; }
const std::vector<std::string>& TargetSet::exclusions() const { return m_exclusions; }

}  // namespace camaudit::scan
