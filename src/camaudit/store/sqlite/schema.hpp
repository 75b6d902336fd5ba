// SPDX-License-Identifier: Apache-2.0
// The SQLite schema as a forward-only list of migrations. `PRAGMA user_version` says how
// many have run; opening a store runs the missing ones in one transaction each, and a
// store whose version is newer than this list is refused (an older camaudit must not
// write into a schema it does not know). Never edit a released migration: add one.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace camaudit::store::sqlite {

struct Migration {
  int version;           // user_version after it ran
  std::string_view why;  // one line, for the log and reviewers
  std::string_view sql;
};

std::span<const Migration> migrations();
int schema_version();  // the newest version this binary knows

// Stamped into the file header (PRAGMA application_id) so camaudit recognises its own
// stores and refuses another application's SQLite database instead of writing into it.
constexpr std::int32_t kApplicationId = 0x43414D41;  // "CAMA"

}  // namespace camaudit::store::sqlite
