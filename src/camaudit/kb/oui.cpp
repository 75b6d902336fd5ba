// SPDX-License-Identifier: Apache-2.0
#include <camaudit/kb/oui.hpp>

#include <camaudit/util/text.hpp>

#include <fstream>

namespace camaudit::kb {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Hex digits of `text` ignoring the usual separators; nullopt on anything else.
std::optional<std::string> hex_digits(std::string_view text) {
  std::string digits;
  for (char c : util::trim(text)) {
    if (c == ':' || c == '-' || c == '.' || c == ' ') continue;
    if (hex_value(c) < 0) return std::nullopt;
    digits.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return digits;
}

std::uint64_t to_bits(std::string_view digits) {
  std::uint64_t v = 0;
  for (char c : digits) v = (v << 4) | static_cast<std::uint64_t>(hex_value(c));
  return v;
}

// Splits one CSV record (RFC 4180 quoting); the registry's records fit on one line.
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back().push_back(c);
    }
  }
  return fields;
}

}  // namespace

std::optional<std::string> normalise_mac(std::string_view text) {
  auto digits = hex_digits(text);
  if (!digits || digits->size() != 12) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < 12; i += 2) {
    if (i) out.push_back(':');
    out.append(*digits, i, 2);
  }
  return out;
}

bool OuiTable::load_ieee(const std::filesystem::path& dir, std::string* error) {
  struct RegistryFile {
    const char* name;
    bool required;
  };
  for (RegistryFile file : {RegistryFile{"oui.csv", true}, {"mam.csv", false}, {"oui36.csv", false}}) {
    std::ifstream in(dir / file.name);
    if (!in) {
      if (!file.required) continue;
      if (error) *error = "cannot read " + (dir / file.name).string() + " (install Debian's ieee-data)";
      return false;
    }
    std::string line;
    std::getline(in, line);  // header: Registry,Assignment,Organization Name,Organization Address
    const std::string source = std::string("ieee-data ") + file.name;
    while (std::getline(in, line)) {
      auto fields = csv_fields(line);
      if (fields.size() < 3) continue;
      add(fields[1], util::to_valid_utf8(util::trim(fields[2])), source);
    }
  }
  return true;
}

bool OuiTable::add(std::string_view prefix, std::string registrant, std::string source) {
  auto digits = hex_digits(prefix);
  if (!digits) return false;
  for (Table& table : m_tables) {
    if (static_cast<int>(digits->size()) == table.nibbles) {
      table.entries[to_bits(*digits)] = Entry{std::move(registrant), std::move(source), std::nullopt};
      return true;
    }
  }
  return false;
}

std::optional<OuiHit> OuiTable::lookup(std::string_view mac) const {
  auto digits = hex_digits(mac);
  if (!digits || digits->size() < 6) return std::nullopt;
  for (const Table& table : m_tables) {
    if (static_cast<int>(digits->size()) < table.nibbles) continue;
    std::string_view head(digits->data(), static_cast<std::size_t>(table.nibbles));
    auto it = table.entries.find(to_bits(head));
    if (it == table.entries.end()) continue;
    std::string prefix;
    for (std::size_t i = 0; i < head.size(); ++i) {
      if (i && i % 2 == 0) prefix.push_back(':');
      prefix.push_back(head[i]);
    }
    return OuiHit{prefix, it->second.registrant, it->second.source, it->second.vendor};
  }
  return std::nullopt;
}

std::size_t OuiTable::size() const {
  std::size_t n = 0;
  for (const Table& t : m_tables) n += t.entries.size();
  return n;
}

}  // namespace camaudit::kb
