// SPDX-License-Identifier: Apache-2.0
#include <camaudit/ingest/register.hpp>

#include <camaudit/ingest/csv.hpp>
#include <camaudit/ingest/register_table.hpp>
#include <camaudit/ingest/xlsx.hpp>

namespace camaudit::ingest {

namespace {

// A zip local-file header: an XLSX (or some other zip, which read_xlsx reports).
bool is_zip(std::string_view bytes) { return bytes.starts_with(std::string_view("PK\x03\x04", 4)); }

ImportReport import_register(const ImportInput& in, const ImportOptions& options, const ObservationSink& sink) {
  ImportReport report;
  report.unit = "row";
  std::string error;
  const auto bytes = read_all(in.file, options.max_bytes, error);
  if (!bytes) {
    report.error = error;
    return report;
  }
  const Grid grid = is_zip(*bytes) ? read_xlsx(*bytes, options.max_rows) : read_csv(*bytes, options.max_rows);
  report.tool = is_zip(*bytes) ? "xlsx" : "csv (" + grid.encoding + ", delimiter " + grid.delimiter + ")";
  if (!grid.error.empty()) report.error = grid.error;
  if (grid.rows.empty()) {
    if (!report.error) report.error = "no rows";
    return report;
  }
  auto header = find_header(grid, options.columns, error);
  if (!header) {
    report.error = report.error ? *report.error + "; " + error : error;
    return report;
  }
  report.counts["header row"] = grid.rows[header->row_index].number;
  emit_register_rows(grid, *header, base_name(in.name), sink, report);
  return report;
}

}  // namespace

constinit const Importer kRegisterImporter{
    "register", "asset register or FOI return: CSV (any encoding/delimiter) or XLSX, one observation per camera",
    import_register};

}  // namespace camaudit::ingest
