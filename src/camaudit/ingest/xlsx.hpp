// SPDX-License-Identifier: Apache-2.0
// The first worksheet of an Office Open XML workbook (.xlsx) as a Grid, read with
// libzip and pugixml: workbook.xml and its relationships name the sheet part,
// sharedStrings.xml holds the text, merged ranges are filled with their top-left
// value (a "Site" cell merged down a block of cameras belongs to each of them).
//
// Hostile workbooks: every part is decompressed into a buffer capped at
// kMaxPartBytes whatever its header claims (a zip bomb stops there with an error),
// the row count is capped by the caller, and pugixml never expands DTD entities.
#pragma once

#include <camaudit/ingest/grid.hpp>

#include <optional>
#include <string_view>

namespace camaudit::ingest {

inline constexpr std::size_t kMaxPartBytes = 64 * 1024 * 1024;

Grid read_xlsx(std::string_view bytes, std::size_t max_rows);

// "B12" -> 1 (0-based column); nullopt when it does not start with A-Z letters.
std::optional<std::size_t> column_of_reference(std::string_view ref);

}  // namespace camaudit::ingest
