// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/credentials.hpp>

#include <fmt/format.h>
#include <sys/stat.h>
#include <toml++/toml.h>

#include <cerrno>
#include <cstring>

namespace camaudit::scan {

CredentialStore CredentialStore::load(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw CredentialError(fmt::format("{}: {}", path, std::strerror(errno)));
  if (st.st_mode & (S_IRWXG | S_IRWXO))
    throw CredentialError(fmt::format("{}: permissions {:03o} are too open: the file holds passwords, so only its "
                                      "owner may read it (chmod 600 {})",
                                      path, st.st_mode & 0777, path));
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw CredentialError(fmt::format("{}:{}: {}", path, e.source().begin.line, e.description()));
  }
  CredentialStore store;
  const toml::array* entries = doc["credential"].as_array();
  if (!entries) throw CredentialError(fmt::format("{}: no [[credential]] tables", path));
  for (const toml::node& node : *entries) {
    const toml::table* t = node.as_table();
    auto line = node.source().begin.line;
    auto text = [&](const char* key) -> std::string {
      auto v = t ? (*t)[key].value<std::string>() : std::nullopt;
      if (!v) throw CredentialError(fmt::format("{}:{}: [[credential]] needs a string `{}`", path, line, key));
      return *v;
    };
    std::string range = text("range");
    std::optional<TargetSet::Block> block;
    try {
      block = parse_target(range);
    } catch (const TargetError& e) {
      throw CredentialError(fmt::format("{}:{}: {}", path, line, e.what()));
    }
    if (!block) throw CredentialError(fmt::format("{}:{}: range must be addresses, not a hostname", path, line));
    store.m_entries.push_back({std::move(*block), Credential{text("username"), text("password")}});
  }
  return store;
}

std::optional<Credential> CredentialStore::for_address(const IpAddress& address) const {
  for (const Entry& e : m_entries)
    if (e.range.contains(address)) return e.credential;
  return std::nullopt;
}

}  // namespace camaudit::scan
