// SPDX-License-Identifier: Apache-2.0
// What to scan: nmap-compatible target specifications turned into an indexable set of
// addresses that never materialises its members, so a /8 costs a few bytes.
//
//   10.0.0.7   10.0.0.0/24   10.0.0.1-254   10.0.1-3.*   ::1   fd00::/120   localhost
//
// Each spec becomes one Block (a contiguous range, or an octet product like 10.0.1-3.*).
// Blocks are concatenated: index i in [0, size()) maps to one address. Exclusions are
// checked when an address is visited, not subtracted, so they cost no memory either.
// The public-address guard lives here too: scanning someone else's network by a typo
// is the accident a scanner must make hard.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit::scan {

// An IPv4 or IPv6 address, without a socket library (the fuzz build has no asio).
struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4: the first 4 bytes, network order

  static IpAddress v4(std::uint32_t host_order);
  std::uint32_t v4_value() const;  // host order; only for IPv4
  std::string str() const;         // 10.0.0.7, fd00::1 (RFC 5952 form)
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
};

// A bad target: the message names the spec and says what is wrong with it.
struct TargetError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Why an address may not be scanned without --allow-public; empty for private space
// (RFC 1918, loopback 127/8, link-local 169.254/16, CGNAT 100.64/10, ULA fc00::/7,
// IPv6 loopback and link-local fe80::/10; IPv4-mapped IPv6 follows its IPv4 address).
// The reason does not repeat the address: "public address space (not RFC 1918, ...)".
// Addresses that are no host at all (0.0.0.0/8, multicast, 240.0.0.0/4 and broadcast,
// ::, ff00::/8) get a reason that says "not a scannable host".
std::string_view public_reason(const IpAddress& address);

class TargetSet {
 public:
  // Parses one spec (forms above; hostnames are resolved once, now, through the system
  // resolver) and appends it. Throws TargetError.
  void add(std::string_view spec);
  // -iL: specs separated by blanks or newlines; '#' starts a comment. Throws TargetError
  // naming file:line.
  void add_file(const std::string& path);
  // --exclude (comma-separated specs, as nmap takes them; a piece that cannot start a spec
  // on its own, like the "2" in "10.0.0.1,2", continues an octet list) and --exclude-file
  // (the -iL format). Each spec is resolved like add().
  void exclude(std::string_view specs);
  void exclude_file(const std::string& path);

  // At most kMaxSize addresses in all (add() refuses more): the permutation that orders
  // them factors p - 1 by trial division, and no estate is bigger.
  static constexpr std::uint64_t kMaxSize = std::uint64_t{1} << 40;
  std::uint64_t size() const;                  // addresses in all blocks (exclusions not subtracted)
  IpAddress at(std::uint64_t index) const;     // index < size(), else std::out_of_range
  bool excluded(const IpAddress& address) const;
  // In some block and not excluded: an address this scan may visit.
  bool contains(const IpAddress& address) const;

  // Specs that reach public address space, each with an example address and the reason
  // ("8.8.8.0/24: 8.8.8.0 is public address space (...)"); empty when everything is
  // private. Computed from block bounds, never by walking the addresses. `camaudit scan`
  // refuses these unless --allow-public.
  std::vector<std::string> public_specs() const;

  // The specs as given, for the resume file (a resumed scan must scan the same set).
  const std::vector<std::string>& specs() const;
  const std::vector<std::string>& exclusions() const;

  // Implementation detail, public for tests: one parsed spec.
  struct Block {
    std::string spec;
    bool v6 = false;
    // Contiguous range [first, first + count) over the address as a big number
    // (IPv6 ranges are limited to 2^32 addresses, as nmap limits them).
    IpAddress first;
    std::uint64_t count = 0;
    // Octet product (10.0.1-3.*): when non-empty, the block is the product of these
    // four sorted octet lists and `first`/`count` are ignored for indexing.
    std::array<std::vector<std::uint8_t>, 4> octets;
    std::uint64_t size() const;
    IpAddress at(std::uint64_t index) const;
    bool contains(const IpAddress& address) const;
  };
  const std::vector<Block>& blocks() const { return m_blocks; }

 private:
  Block resolve(std::string_view spec) const;

  std::vector<Block> m_blocks;
  std::vector<std::uint64_t> m_starts;  // index of each block's first address, for at()
  std::vector<Block> m_excluded;
  std::vector<std::string> m_specs;
  std::vector<std::string> m_exclusions;
  std::uint64_t m_size = 0;
};

// Parses one address/range spec into a block without touching the network (exposed for
// tests and the fuzz target). Returns nothing when the spec is a well-formed hostname,
// which TargetSet::add then resolves; throws TargetError when it is neither.
std::optional<TargetSet::Block> parse_target(std::string_view spec);

}  // namespace camaudit::scan
