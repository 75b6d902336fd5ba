// SPDX-License-Identifier: Apache-2.0
// Spreadsheet exports arrive in whatever encoding the office PC used: UTF-8 with or
// without a byte-order mark, UTF-16 (Excel's "Unicode text"), or Windows-1252. This
// turns such bytes into UTF-8 and says which encoding it took them for.
#pragma once

#include <string>
#include <string_view>

namespace camaudit::ingest {

struct DecodedText {
  std::string text;      // UTF-8, without a byte-order mark
  std::string encoding;  // "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1252"
};

// BOMs decide; without one, text that is valid UTF-8 is UTF-8, text with NULs in every
// other byte is BOM-less UTF-16, and anything else is read as Windows-1252 (a superset
// of Latin-1 for printable text), which never fails.
DecodedText decode_text(std::string_view bytes);

bool valid_utf8(std::string_view bytes) noexcept;

}  // namespace camaudit::ingest
