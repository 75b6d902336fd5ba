// SPDX-License-Identifier: Apache-2.0
#include <camaudit/ingest/csv.hpp>
#include <camaudit/ingest/text_decode.hpp>

#include <array>
#include <map>

namespace camaudit::ingest {

namespace {

constexpr std::size_t kSniffLines = 64;
constexpr std::array<char, 4> kDelimiters = {',', ';', '\t', '|'};

// Count of `delimiter` on each of the first lines, outside quotes.
std::vector<std::size_t> counts_per_line(std::string_view text, char delimiter) {
  std::vector<std::size_t> counts;
  std::size_t count = 0;
  bool quoted = false, any = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && c == delimiter) ++count;
    else if (!quoted && c == '\n') {
      if (any) counts.push_back(count);
      if (counts.size() == kSniffLines) return counts;
      count = 0;
      any = false;
      continue;
    }
    if (c != '\r' && c != ' ') any = true;
  }
  if (any) counts.push_back(count);
  return counts;
}

std::string delimiter_label(char d) {
  return d == '\t' ? "tab" : std::string(1, d);
}

struct CsvParser {
  std::string_view text;
  char delimiter;
  std::size_t max_rows;
  Grid grid;
  std::size_t pos = 0, line = 1;

  // One cell, starting at pos; leaves pos on the delimiter, line end or end of text.
  std::string cell(GridRow& row) {
    std::string out;
    bool cut = false;
    auto put = [&](char c) {
      if (out.size() < kMaxCellBytes) out.push_back(c);
      else cut = true;
    };
    std::size_t start = pos;
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t') && text[pos] != delimiter) ++pos;
    if (pos < text.size() && text[pos] == '"') {
      const std::size_t opened = line;
      ++pos;
      while (true) {
        if (pos >= text.size()) {
          row.problem = "quoted cell opened on line " + std::to_string(opened) + " is never closed";
          break;
        }
        const char c = text[pos++];
        if (c == '"') {
          if (pos < text.size() && text[pos] == '"') { put('"'); ++pos; continue; }
          break;
        }
        if (c == '\n') ++line;
        put(c);
      }
      // Text after the closing quote (`"a"b`) is kept, as spreadsheets do.
      while (pos < text.size() && text[pos] != delimiter && text[pos] != '\n') {
        if (text[pos] != '\r') put(text[pos]);
        ++pos;
      }
    } else {
      pos = start;
      while (pos < text.size() && text[pos] != delimiter && text[pos] != '\n') {
        if (text[pos] != '\r') put(text[pos]);
        ++pos;
      }
    }
    if (cut && row.problem.empty())
      row.problem = "cell " + std::to_string(row.cells.size() + 1) + " is longer than " +
                    std::to_string(kMaxCellBytes) + " bytes";
    return out;
  }

  GridRow record() {
    GridRow row;
    row.number = line;
    while (true) {
      row.cells.push_back(cell(row));
      if (pos >= text.size()) break;
      if (text[pos] == delimiter) { ++pos; continue; }
      ++pos;  // '\n'
      ++line;
      break;
    }
    return row;
  }

  void run() {
    while (pos < text.size()) {
      if (grid.rows.size() >= max_rows) {
        grid.error = "row limit of " + std::to_string(max_rows) + " reached at line " + std::to_string(line) +
                     "; the rest of the file was not read (raise it with --max-rows)";
        return;
      }
      grid.rows.push_back(record());
    }
  }
};

}  // namespace

char sniff_delimiter(std::string_view text) {
  char best = ',';
  std::size_t best_score = 0;
  for (char d : kDelimiters) {
    const std::vector<std::size_t> counts = counts_per_line(text, d);
    std::map<std::size_t, std::size_t> freq;
    for (std::size_t c : counts)
      if (c > 0) ++freq[c];
    std::size_t score = 0;
    for (const auto& [count, lines] : freq) score = std::max(score, lines);
    if (score > best_score) {
      best = d;
      best_score = score;
    }
  }
  return best;
}

Grid read_csv(std::string_view bytes, std::size_t max_rows) {
  DecodedText decoded = decode_text(bytes);
  CsvParser parser{decoded.text, sniff_delimiter(decoded.text), max_rows, {}};
  parser.grid.encoding = decoded.encoding;
  parser.grid.delimiter = delimiter_label(parser.delimiter);
  parser.run();
  return std::move(parser.grid);
}

}  // namespace camaudit::ingest
