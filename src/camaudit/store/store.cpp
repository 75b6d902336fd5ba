// SPDX-License-Identifier: Apache-2.0
#include <camaudit/store/store.hpp>

#include <camaudit/store/sqlite/sqlite_store.hpp>

#include <cstdlib>

namespace camaudit::store {

std::unique_ptr<Store> Store::open(const std::string& where) {
  if (where.empty()) throw StoreError("store: no path given");
  if (where.starts_with("postgresql://") || where.starts_with("postgres://"))
    throw StoreError("store " + where + ": the PostgreSQL backend is not built into this camaudit (issue 14)");
  return std::make_unique<sqlite::SqliteStore>(where);
}

std::string Store::default_path() {
  // XDG Base Directory: a relative XDG_DATA_HOME is invalid and must be ignored.
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/camaudit/inventory.db";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/camaudit/inventory.db";
}

}  // namespace camaudit::store
