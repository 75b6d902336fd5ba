// SPDX-License-Identifier: Apache-2.0
// CSV as spreadsheets export it: any common encoding (text_decode.hpp), the delimiter
// sniffed among , ; tab and |, RFC 4180 quoting (doubled quotes, line breaks inside
// quoted cells), CRLF or LF. Cells longer than kMaxCellBytes are cut and their row
// marked rejected; an unterminated quote rejects the row it opens.
#pragma once

#include <camaudit/ingest/grid.hpp>

#include <string_view>

namespace camaudit::ingest {

// `max_rows` bounds the grid: past it reading stops and Grid::error says so.
Grid read_csv(std::string_view bytes, std::size_t max_rows);

// The delimiter of decoded `text`: the candidate whose per-line count is the same, and
// not zero, on the most of the first lines (quotes respected). ',' when nothing fits.
char sniff_delimiter(std::string_view text);

}  // namespace camaudit::ingest
