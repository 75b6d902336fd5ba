// SPDX-License-Identifier: Apache-2.0
// MAC address prefixes → registrant organisation, read at run time from Debian's
// ieee-data registry (MA-L oui.csv, MA-M mam.csv, MA-S oui36.csv) plus the KB's
// sourced supplement for newer prefixes. The registrant is only evidence: mapping it
// to a vendor goes through vendors.toml aliases, minus known false friends.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace camaudit::kb {

inline const std::filesystem::path kDefaultIeeeDir = "/usr/share/ieee-data";

// The views point into the table (valid while it lives).
struct OuiHit {
  std::string prefix;           // "58:50:ed" (or longer for MA-M / MA-S)
  std::string_view registrant;  // organisation name as registered
  std::string_view source;      // "ieee-data oui.csv" or the supplement entry's source
  std::optional<std::size_t> vendor;  // index into KnowledgeBase::vendors(), when mapped
};

class OuiTable {
 public:
  // Reads the three registry files; a missing directory is an error (ieee-data is a
  // dependency), a missing MA-M/MA-S file is not.
  bool load_ieee(const std::filesystem::path& dir, std::string* error);
  // Adds or overrides one prefix ("aa:bb:cc", "aa:bb:cc:d", "aa:bb:cc:dd:e").
  bool add(std::string_view prefix, std::string registrant, std::string source);
  // Assigns vendors to registrants with `resolve` (called once per distinct name).
  template <class Resolve>
  void map_vendors(Resolve&& resolve) {
    for (auto& table : m_tables)
      for (auto& [bits, entry] : table.entries) entry.vendor = resolve(entry.registrant);
  }

  // Longest registered prefix of a MAC in any common notation; nullopt if none.
  std::optional<OuiHit> lookup(std::string_view mac) const;
  std::size_t size() const;

 private:
  struct Entry {
    std::string registrant;
    std::string source;
    std::optional<std::size_t> vendor;
  };
  struct Table {
    int nibbles;  // 6, 7 or 9 hex digits
    std::unordered_map<std::uint64_t, Entry> entries;
  };
  std::vector<Table> m_tables{{9, {}}, {7, {}}, {6, {}}};  // longest first
};

// The 12 hex digits of a MAC in any notation ("58-50-ed-1f-e3-85", "5850.ed1f.e385",
// "5850ED1FE385"), as "58:50:ed:1f:e3:85"; nullopt when it is not a MAC.
std::optional<std::string> normalise_mac(std::string_view text);

}  // namespace camaudit::kb
