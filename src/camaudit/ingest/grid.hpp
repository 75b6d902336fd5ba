// SPDX-License-Identifier: Apache-2.0
// A sheet as rows of text cells: what the CSV and XLSX readers produce and the
// register importer reads. Cells are UTF-8 and bounded (kMaxCellBytes); a row that had
// to be cut or could not be read carries the reason in `problem`.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace camaudit::ingest {

inline constexpr std::size_t kMaxCellBytes = 64 * 1024;

struct GridRow {
  std::size_t number = 0;  // 1-based row (CSV: the line the record starts on)
  std::vector<std::string> cells;
  std::string problem;     // non-empty: this row is rejected for this reason
};

struct Grid {
  std::vector<GridRow> rows;
  std::string encoding;   // CSV: detected text encoding; XLSX: "xlsx"
  std::string delimiter;  // CSV: the sniffed delimiter, as shown to people ("," ";" "tab" "|")
  std::string error;      // why reading stopped early (rows before it are kept)
};

}  // namespace camaudit::ingest
