// SPDX-License-Identifier: Apache-2.0
// The operator's own device accounts for authenticated, read-only inventory calls
// (`scan --credentials FILE`). The file is TOML, one table per range, first match wins:
//
//   [[credential]]
//   range = "10.20.0.0/16"        # any target spec without hostnames
//   username = "auditor"
//   password = "..."
//
// Like ssh with private keys, the file is refused when group or others may read it.
// Passwords are never printed, logged or written to any output: errors name the file
// and line, never the value.
#pragma once

#include <camaudit/scan/probe.hpp>
#include <camaudit/scan/targets.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace camaudit::scan {

struct CredentialError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class CredentialStore {
 public:
  // Throws CredentialError (permissions, syntax, a missing key, a bad range).
  static CredentialStore load(const std::string& path);
  std::optional<Credential> for_address(const IpAddress& address) const;
  std::size_t size() const { return m_entries.size(); }

 private:
  struct Entry {
    TargetSet::Block range;
    Credential credential;
  };
  std::vector<Entry> m_entries;
};

}  // namespace camaudit::scan
