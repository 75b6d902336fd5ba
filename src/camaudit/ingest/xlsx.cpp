// SPDX-License-Identifier: Apache-2.0
#include <camaudit/ingest/xlsx.hpp>

#include <pugixml.hpp>
#include <zip.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <optional>

namespace camaudit::ingest {

namespace {

constexpr std::size_t kMaxColumns = 16'384;  // Excel's own limit (XFD)

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

// One part, decompressed into at most kMaxPartBytes; nullopt when absent.
std::optional<std::string> read_part(zip_t* zip, const std::string& name, std::string& error) {
  zip_file_t* file = zip_fopen(zip, name.c_str(), 0);
  if (file == nullptr) return std::nullopt;
  std::string out;
  char buffer[1 << 16];
  while (true) {
    const zip_int64_t n = zip_fread(file, buffer, sizeof buffer);
    if (n < 0) {
      error = name + ": cannot decompress: " + zip_error_strerror(zip_file_get_error(file));
      break;
    }
    if (n == 0) break;
    if (out.size() + static_cast<std::size_t>(n) > kMaxPartBytes) {
      error = name + ": more than " + std::to_string(kMaxPartBytes >> 20) +
              " MiB uncompressed (a zip bomb, or a sheet too large to be a register); not read";
      break;
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
  zip_fclose(file);
  if (!error.empty()) return std::nullopt;
  return out;
}

bool parse_xml(pugi::xml_document& doc, const std::string& text, const std::string& part, std::string& error) {
  // parse_default has no parse_doctype-driven expansion: pugixml knows only the five
  // predefined entities, so billion-laughs declarations stay inert text.
  const pugi::xml_parse_result r = doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (r) return true;
  error = part + ": XML error at offset " + std::to_string(r.offset) + ": " + r.description();
  return false;
}

// The text of an <si> or <is>: its <t>, or the <t> of each rich-text run.
std::string string_item(pugi::xml_node item) {
  if (auto t = item.child("t")) return t.text().get();
  std::string out;
  for (pugi::xml_node r : item.children("r")) out += r.child("t").text().get();
  return out;
}

std::vector<std::string> shared_strings(zip_t* zip, std::string& error) {
  std::vector<std::string> out;
  auto text = read_part(zip, "xl/sharedStrings.xml", error);
  if (!text) return out;
  pugi::xml_document doc;
  if (!parse_xml(doc, *text, "xl/sharedStrings.xml", error)) return out;
  for (pugi::xml_node si : doc.child("sst").children("si")) out.push_back(string_item(si));
  return out;
}

// The first sheet's part name, from workbook.xml and its relationships.
std::string first_sheet_part(zip_t* zip, std::string& error) {
  const std::string fallback = "xl/worksheets/sheet1.xml";
  auto workbook = read_part(zip, "xl/workbook.xml", error);
  auto rels = read_part(zip, "xl/_rels/workbook.xml.rels", error);
  if (!workbook || !rels) return fallback;
  pugi::xml_document wb, rd;
  if (!parse_xml(wb, *workbook, "xl/workbook.xml", error) || !parse_xml(rd, *rels, "xl/_rels/workbook.xml.rels", error))
    return fallback;
  const pugi::xml_node sheet = wb.child("workbook").child("sheets").child("sheet");
  const std::string id = sheet.attribute("r:id").value();
  for (pugi::xml_node rel : rd.child("Relationships").children("Relationship")) {
    if (id != rel.attribute("Id").value()) continue;
    std::string target = rel.attribute("Target").value();
    if (target.starts_with("/")) return target.substr(1);
    return "xl/" + target;
  }
  return fallback;
}

std::string cell_text(pugi::xml_node c, const std::vector<std::string>& strings) {
  const std::string_view type = c.attribute("t").value();
  if (type == "inlineStr") return string_item(c.child("is"));
  const std::string v = c.child("v").text().get();
  if (type == "s") {
    char* end = nullptr;
    const unsigned long i = std::strtoul(v.c_str(), &end, 10);
    return end != v.c_str() && i < strings.size() ? strings[i] : std::string();
  }
  if (type == "b") return v == "1" ? "TRUE" : "FALSE";
  return v;  // numbers (dates are serial numbers; the register step reads them), "str", "e"
}

struct Merge {
  std::size_t row0, col0, row1, col1;
};

std::optional<std::size_t> row_of_reference(std::string_view ref) {
  std::size_t i = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') ++i;
  std::size_t n = 0;
  if (i == ref.size()) return std::nullopt;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9' || n > 10'000'000) return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(ref[i] - '0');
  }
  return n;
}

std::vector<Merge> merges(pugi::xml_node sheet) {
  std::vector<Merge> out;
  for (pugi::xml_node m : sheet.child("mergeCells").children("mergeCell")) {
    const std::string ref = m.attribute("ref").value();
    const auto colon = ref.find(':');
    if (colon == std::string::npos) continue;
    const std::string_view a = std::string_view(ref).substr(0, colon), b = std::string_view(ref).substr(colon + 1);
    auto c0 = column_of_reference(a), c1 = column_of_reference(b);
    auto r0 = row_of_reference(a), r1 = row_of_reference(b);
    if (c0 && c1 && r0 && r1 && *c0 <= *c1 && *r0 <= *r1 && *c1 < kMaxColumns) out.push_back({*r0, *c0, *r1, *c1});
  }
  return out;
}

// Copies each merged range's top-left value into the rest of the range.
void fill_merges(Grid& grid, const std::vector<Merge>& ranges) {
  std::map<std::size_t, std::size_t> index;  // row number -> grid.rows
  for (std::size_t i = 0; i < grid.rows.size(); ++i) index[grid.rows[i].number] = i;
  for (const Merge& m : ranges) {
    auto top = index.find(m.row0);
    if (top == index.end() || grid.rows[top->second].cells.size() <= m.col0) continue;
    const std::string value = grid.rows[top->second].cells[m.col0];
    for (auto it = top; it != index.end() && it->first <= m.row1; ++it) {
      GridRow& row = grid.rows[it->second];
      if (row.cells.size() <= m.col1) row.cells.resize(m.col1 + 1);
      for (std::size_t c = m.col0; c <= m.col1; ++c)
        if (row.cells[c].empty()) row.cells[c] = value;
    }
  }
}

GridRow read_row(pugi::xml_node row, std::size_t fallback_number, const std::vector<std::string>& strings) {
  GridRow out;
  out.number = row.attribute("r").as_ullong(fallback_number);
  std::size_t next = 0;
  for (pugi::xml_node c : row.children("c")) {
    const std::size_t col = column_of_reference(c.attribute("r").value()).value_or(next);
    next = col + 1;
    if (col >= kMaxColumns) {
      out.problem = "cell beyond column XFD";
      break;
    }
    std::string text = cell_text(c, strings);
    if (text.size() > kMaxCellBytes) {
      text.resize(kMaxCellBytes);
      out.problem = "cell " + std::string(c.attribute("r").value()) + " is longer than " +
                    std::to_string(kMaxCellBytes) + " bytes";
    }
    if (out.cells.size() <= col) out.cells.resize(col + 1);
    out.cells[col] = std::move(text);
  }
  return out;
}

void read_sheet(zip_t* zip, std::size_t max_rows, Grid& grid) {
  const std::string part = first_sheet_part(zip, grid.error);
  grid.error.clear();  // a workbook without rels still has sheet1
  const std::vector<std::string> strings = shared_strings(zip, grid.error);
  if (!grid.error.empty()) return;
  auto text = read_part(zip, part, grid.error);
  if (!text) {
    if (grid.error.empty()) grid.error = "no worksheet " + part + " in the workbook";
    return;
  }
  pugi::xml_document doc;
  const bool parsed = parse_xml(doc, *text, part, grid.error);
  text.reset();  // the DOM holds what it needs
  const pugi::xml_node sheet = doc.child("worksheet");
  std::size_t n = 0;
  for (pugi::xml_node row : sheet.child("sheetData").children("row")) {
    if (grid.rows.size() >= max_rows) {
      grid.error = "row limit of " + std::to_string(max_rows) + " reached at row " +
                   std::to_string(row.attribute("r").as_ullong(n + 1)) + "; the rest of the sheet was not read (raise it with --max-rows)";
      break;
    }
    grid.rows.push_back(read_row(row, ++n, strings));
  }
  if (parsed) fill_merges(grid, merges(sheet));
}

}  // namespace

std::optional<std::size_t> column_of_reference(std::string_view ref) {
  std::size_t col = 0, i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 4; ++i)
    col = col * 26 + static_cast<std::size_t>(ref[i] - 'A' + 1);
  if (i == 0) return std::nullopt;
  return col - 1;
}

Grid read_xlsx(std::string_view bytes, std::size_t max_rows) {
  Grid grid;
  grid.encoding = "xlsx";
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  Zip zip(source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr);
  if (!zip) {
    grid.error = std::string("not a readable XLSX (zip) file: ") + zip_error_strerror(&error);
    if (source) zip_source_free(source);
    zip_error_fini(&error);
    return grid;
  }
  zip_error_fini(&error);
  read_sheet(zip.get(), max_rows, grid);
  return grid;
}

}  // namespace camaudit::ingest
