// SPDX-License-Identifier: Apache-2.0
// How an asset register's sheet is read, whatever file it came in: which row is the
// header (often not the first: titles, dates and blank lines come before it), which
// column holds what (auto-detected from the header text, or --columns), which rows
// are cameras, and how a free-text cell ("ANNKE C500", "Dahua/Lorex NVR") splits into a
// make and a model. Knows no vendor: naming the real maker is identification's job.
#pragma once

#include <camaudit/ingest/grid.hpp>
#include <camaudit/ingest/importer.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace camaudit::ingest {

enum class Role { make, model, text, serial, mac, ip, location, site, install_date, quantity };
inline constexpr std::array<std::string_view, 10> kRoleNames = {
    "make", "model", "text", "serial", "mac", "ip", "location", "site", "install_date", "quantity"};
inline constexpr std::size_t kRoles = kRoleNames.size();

std::optional<Role> role_named(std::string_view name);

// Column index per role (nullopt: the sheet has no such column).
using ColumnMap = std::array<std::optional<std::size_t>, kRoles>;

// The role a header cell's text announces ("Model No." -> model, "Make/Model" -> text).
std::optional<Role> role_of_header(std::string_view header);

struct Header {
  std::size_t row_index = 0;  // into Grid::rows
  ColumnMap columns;
  std::vector<std::string> names;  // the header cells
};

// The header among the first rows: the first row where at least two cells name a role
// and one of them is make, model or text; with `overrides` (--columns), the first row
// holding every header named there. nullopt with `error` when none is found.
std::optional<Header> find_header(const Grid& grid, const std::map<std::string, std::string>& overrides,
                                  std::string& error);

struct MakeModel {
  std::string make;
  std::string model;
};

// Splits one free-text cell: the first word that looks like a model code (letters and
// digits, not a resolution or lens like "8MP", "4K", "2.8mm") is the model, the words
// before it the make; with no such word the whole text is the make.
MakeModel split_free_text(std::string_view text);

// The unit count of a quantity cell: "1", "12", "3 units", "2.0"; nullopt with `error`
// for anything else (or beyond kMaxQuantity).
inline constexpr std::size_t kMaxQuantity = 10'000;
std::optional<std::size_t> parse_quantity(std::string_view cell, std::string& error);

// Excel keeps dates as day numbers since 1899-12-30; "44197" -> "2021-01-01". Text
// that is not such a number comes back unchanged.
std::string excel_date(std::string_view cell);

// Reads the rows after the header into register observations (one per unit of
// quantity). Rows with a `problem` or a bad quantity are rejected, blank rows are
// counted, a row with a single cell outside the make/model columns is a section heading
// (its text becomes the site of the rows below that have none).
void emit_register_rows(const Grid& grid, const Header& header, const std::string& file,
                        const ObservationSink& sink, ImportReport& report);

}  // namespace camaudit::ingest
