// SPDX-License-Identifier: Apache-2.0
#include <camaudit/ingest/register_table.hpp>

#include <camaudit/util/text.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <set>

namespace camaudit::ingest {

namespace {

constexpr std::size_t kHeaderSearchRows = 30;

// Header text as words: lower case, every run of non-alphanumerics one separator
// ("Model No." -> {"model", "no"}, "S/N" -> {"s", "n"}).
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) {
      word.push_back(static_cast<char>(std::tolower(c)));
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

bool has_any(const std::vector<std::string>& w, std::initializer_list<std::string_view> any) {
  for (const std::string& x : w)
    for (std::string_view a : any)
      if (x == a) return true;
  return false;
}

bool starts_with_words(const std::vector<std::string>& w, std::string_view a, std::string_view b) {
  return w.size() >= 2 && w[0] == a && w[1] == b;
}

std::string cell(const GridRow& row, const ColumnMap& columns, Role role) {
  const auto& c = columns[static_cast<std::size_t>(role)];
  if (!c || *c >= row.cells.size()) return {};
  return std::string(util::trim(row.cells[*c]));
}

bool is_blank(const GridRow& row) {
  return std::all_of(row.cells.begin(), row.cells.end(), [](const std::string& c) { return util::trim(c).empty(); });
}

std::size_t filled_cells(const GridRow& row, std::size_t* last = nullptr) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < row.cells.size(); ++i)
    if (!util::trim(row.cells[i]).empty()) {
      ++n;
      if (last) *last = i;
    }
  return n;
}

// "8MP", "4K", "1080p", "2.8mm", "16ch", "H.265": specifications, not model codes.
bool is_specification(std::string_view w) {
  std::string lower = util::to_lower(w);
  if (lower == "h.264" || lower == "h.265" || lower == "h264" || lower == "h265" || lower == "h.265+") return true;
  std::size_t i = 0;
  while (i < lower.size() && (std::isdigit(static_cast<unsigned char>(lower[i])) || lower[i] == '.')) ++i;
  if (i == 0) return false;
  static const std::set<std::string, std::less<>> kUnits = {"mp", "k", "p", "mm", "ch", "tb", "gb", "m", "v", "w",
                                                            "x", "fps", "mpx", "megapixel", "channel", "port"};
  return kUnits.contains(std::string_view(lower).substr(i));
}

bool looks_like_model(std::string_view w) {
  if (w.size() < 3 || is_specification(w)) return false;
  bool digit = false, alpha = false;
  for (char c : w) {
    digit |= std::isdigit(static_cast<unsigned char>(c)) != 0;
    alpha |= std::isalpha(static_cast<unsigned char>(c)) != 0;
  }
  return digit && alpha;
}

bool valid_ip(const std::string& text) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 || inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

// Days since 1970-01-01 -> "YYYY-MM-DD" (Howard Hinnant's civil_from_days).
std::string civil_date(long days) {
  days += 719468;
  const long era = (days >= 0 ? days : days - 146096) / 146097;
  const long doe = days - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp < 10 ? mp + 3 : mp - 9;
  const long y = yoe + era * 400 + (m <= 2);
  char out[64];
  std::snprintf(out, sizeof out, "%04ld-%02ld-%02ld", y, m, d);
  return out;
}

bool is_total_row(const GridRow& row) {
  for (const std::string& c : row.cells) {
    const std::vector<std::string> w = words(c);
    if (w.size() <= 2 && has_any(w, {"total", "subtotal", "totals", "grand"})) return true;
  }
  return false;
}

}  // namespace

std::optional<Role> role_named(std::string_view name) {
  for (std::size_t i = 0; i < kRoles; ++i)
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  if (name == "manufacturer" || name == "brand") return Role::make;
  if (name == "description") return Role::text;
  if (name == "date" || name == "installed") return Role::install_date;
  if (name == "qty") return Role::quantity;
  return std::nullopt;
}

std::optional<Role> role_of_header(std::string_view header) {
  const std::vector<std::string> w = words(header);
  if (w.empty() || w.size() > 6) return std::nullopt;
  const bool make = has_any(w, {"make", "manufacturer", "brand", "vendor", "mfr", "mfg", "manufacture"});
  const bool model = has_any(w, {"model", "models"});
  if (make && model) return Role::text;
  if (has_any(w, {"serial", "sn", "serialno", "serialnumber"}) || (w.size() == 2 && w[0] == "s" && w[1] == "n"))
    return Role::serial;
  if (has_any(w, {"mac", "macaddress"}) || starts_with_words(w, "hardware", "address")) return Role::mac;
  if (has_any(w, {"ip", "ipv4", "ipaddress", "ipv6"})) return Role::ip;
  if (has_any(w, {"install", "installed", "installation", "commissioned", "fitted"})) return Role::install_date;
  if (has_any(w, {"quantity", "qty", "count", "units", "amount"}) || starts_with_words(w, "no", "of") ||
      starts_with_words(w, "number", "of"))
    return Role::quantity;
  if (model || starts_with_words(w, "part", "number") || starts_with_words(w, "product", "code")) return Role::model;
  if (make) return Role::make;
  if (has_any(w, {"location", "position", "area", "room", "floor", "zone"})) return Role::location;
  if (has_any(w, {"site", "building", "premises", "campus", "property", "school", "station", "depot", "facility"}))
    return Role::site;
  if (w.size() <= 3 && !has_any(w, {"id", "ref", "no", "number", "tag"}) &&
      has_any(w, {"description", "equipment", "product", "camera", "device", "item", "details"}))
    return Role::text;
  return std::nullopt;
}

namespace {

// Header text or a 1-based column number -> the column, in `row`.
std::optional<std::size_t> override_column(const GridRow& row, const std::string& wanted) {
  if (!wanted.empty() && std::all_of(wanted.begin(), wanted.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const std::size_t n = std::stoul(wanted.substr(0, 6));
    if (n >= 1) return n - 1;
    return std::nullopt;
  }
  for (std::size_t i = 0; i < row.cells.size(); ++i)
    if (util::iequals(util::trim(row.cells[i]), util::trim(wanted))) return i;
  return std::nullopt;
}

Header header_from(const Grid& grid, std::size_t index) {
  Header h;
  h.row_index = index;
  const GridRow& row = grid.rows[index];
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    h.names.push_back(std::string(util::trim(row.cells[i])));
    if (auto role = role_of_header(row.cells[i]); role && !h.columns[static_cast<std::size_t>(*role)])
      h.columns[static_cast<std::size_t>(*role)] = i;
  }
  return h;
}

bool names_a_device(const ColumnMap& c) {
  return c[static_cast<std::size_t>(Role::make)] || c[static_cast<std::size_t>(Role::model)] ||
         c[static_cast<std::size_t>(Role::text)];
}

std::size_t roles_found(const ColumnMap& c) {
  return static_cast<std::size_t>(std::count_if(c.begin(), c.end(), [](const auto& x) { return x.has_value(); }));
}

// The header row when --columns names headers: the first row holding all of them.
std::optional<Header> header_with_overrides(const Grid& grid, const std::map<std::string, std::string>& overrides,
                                            std::string& error) {
  const std::size_t limit = std::min(grid.rows.size(), kHeaderSearchRows);
  for (std::size_t i = 0; i < limit; ++i) {
    Header h = header_from(grid, i);
    bool all = true;
    for (const auto& [name, wanted] : overrides) {
      auto role = role_named(name);
      auto column = override_column(grid.rows[i], wanted);
      if (!role || !column) { all = false; break; }
      h.columns[static_cast<std::size_t>(*role)] = column;
    }
    if (all) return h;
  }
  std::string names;
  for (const auto& [name, wanted] : overrides) names += (names.empty() ? "" : ", ") + name + "=" + wanted;
  error = "--columns " + names + ": no row among the first " + std::to_string(limit) + " holds all of these headers";
  return std::nullopt;
}

}  // namespace

std::optional<Header> find_header(const Grid& grid, const std::map<std::string, std::string>& overrides,
                                  std::string& error) {
  for (const auto& [name, wanted] : overrides)
    if (!role_named(name)) {
      error = "--columns: unknown column \"" + name + "\" (known: make, model, text, serial, mac, ip, location, site, "
              "install_date, quantity)";
      return std::nullopt;
    }
  if (!overrides.empty()) return header_with_overrides(grid, overrides, error);
  const std::size_t limit = std::min(grid.rows.size(), kHeaderSearchRows);
  for (std::size_t i = 0; i < limit; ++i) {
    Header h = header_from(grid, i);
    if (roles_found(h.columns) >= 2 && names_a_device(h.columns)) return h;
  }
  error = "no header row in the first " + std::to_string(limit) +
          " rows names a make, model or description column and another one (serial, MAC, IP, site...); "
          "name the columns with --columns make=HEADER,model=HEADER";
  return std::nullopt;
}

MakeModel split_free_text(std::string_view text) {
  std::vector<std::string_view> parts;
  for (std::string_view w : util::split(text, ' '))
    if (!util::trim(w).empty()) parts.push_back(util::trim(w));
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string_view w = parts[i];
    while (!w.empty() && (w.back() == ',' || w.back() == ';')) w.remove_suffix(1);
    if (!looks_like_model(w)) continue;
    MakeModel out;
    for (std::size_t k = 0; k < i; ++k) out.make += (k ? " " : "") + std::string(parts[k]);
    out.model = std::string(w);
    return out;
  }
  return MakeModel{std::string(util::trim(text)), {}};
}

std::optional<std::size_t> parse_quantity(std::string_view cell_text, std::string& error) {
  const std::string_view t = util::trim(cell_text);
  std::size_t i = 0, n = 0;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])) && n <= kMaxQuantity)
    n = n * 10 + static_cast<std::size_t>(t[i++] - '0');
  if (i < t.size() && t[i] == '.') {  // "2.0": Excel's numbers
    ++i;
    while (i < t.size() && t[i] == '0') ++i;
  }
  const std::vector<std::string> rest = words(t.substr(i));
  const bool unit_word = rest.empty() || (rest.size() == 1 && (rest[0] == "units" || rest[0] == "unit" ||
                                                               rest[0] == "no" || rest[0] == "nos" || rest[0] == "pcs"));
  if (i == 0 || !unit_word || (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])))) {
    error = "quantity \"" + std::string(t.substr(0, 40)) + "\" is not a whole number";
    return std::nullopt;
  }
  if (n == 0 || n > kMaxQuantity) {
    error = "quantity " + std::string(t.substr(0, 12)) + " is outside 1.." + std::to_string(kMaxQuantity);
    return std::nullopt;
  }
  return n;
}

std::string excel_date(std::string_view text) {
  const std::string_view t = util::trim(text);
  std::size_t i = 0;
  long days = 0;
  while (i < t.size() && i < 6 && std::isdigit(static_cast<unsigned char>(t[i]))) days = days * 10 + (t[i++] - '0');
  const bool fraction_only = i < t.size() && t[i] == '.' &&
      std::all_of(t.begin() + static_cast<long>(i) + 1, t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (i == 0 || (i < t.size() && !fraction_only) || days < 20'000 || days > 80'000) return std::string(t);
  return civil_date(days - 25'569);  // 25569 = 1970-01-01 in Excel's count
}

namespace {

// The fields one register row contributes, before quantity multiplies it.
struct RowFields {
  std::string make, model, text, serial, mac, ip, location, site, install_date;
};

RowFields row_fields(const GridRow& row, const Header& h) {
  RowFields f;
  f.make = cell(row, h.columns, Role::make);
  f.model = cell(row, h.columns, Role::model);
  f.text = cell(row, h.columns, Role::text);
  f.serial = cell(row, h.columns, Role::serial);
  f.mac = cell(row, h.columns, Role::mac);
  f.ip = cell(row, h.columns, Role::ip);
  f.location = cell(row, h.columns, Role::location);
  f.site = cell(row, h.columns, Role::site);
  f.install_date = excel_date(cell(row, h.columns, Role::install_date));
  // Free text wherever it was typed: a description column, or both in one of them.
  if (f.make.empty() && f.model.empty() && !f.text.empty()) {
    MakeModel mm = split_free_text(f.text);
    f.make = std::move(mm.make);
    f.model = std::move(mm.model);
  } else if (f.model.empty() && !f.make.empty()) {
    MakeModel mm = split_free_text(f.make);
    if (!mm.model.empty()) f = RowFields{mm.make, mm.model, f.make, f.serial, f.mac, f.ip, f.location, f.site, f.install_date};
  } else if (f.make.empty() && !f.model.empty()) {
    MakeModel mm = split_free_text(f.model);
    if (!mm.make.empty() && !mm.model.empty()) { f.make = mm.make; f.text = f.model; f.model = mm.model; }
  }
  return f;
}

std::string payload_json(const RowFields& f, const GridRow& row, const Header& h, std::size_t unit, std::size_t units) {
  nlohmann::json j;
  j["row"] = row.number;
  if (units > 1) { j["unit"] = unit; j["units"] = units; }
  const std::pair<const char*, const std::string*> named[] = {
      {"make", &f.make}, {"model", &f.model}, {"text", &f.text}, {"serial", &f.serial}, {"mac", &f.mac},
      {"ip", &f.ip}, {"site", &f.site}, {"location", &f.location}, {"install_date", &f.install_date}};
  for (const auto& [key, value] : named)
    if (!value->empty()) j[key] = *value;
  nlohmann::json cells = nlohmann::json::object();
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    const std::string_view v = util::trim(row.cells[i]);
    if (v.empty()) continue;
    const std::string name = i < h.names.size() && !h.names[i].empty() ? h.names[i] : "column " + std::to_string(i + 1);
    cells[util::to_valid_utf8(name)] = util::to_valid_utf8(v);
  }
  j["cells"] = std::move(cells);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void emit_units(const RowFields& f, const GridRow& row, const Header& h, std::size_t units, const std::string& file,
                const ObservationSink& sink, ImportReport& report) {
  for (std::size_t unit = 1; unit <= units; ++unit) {
    Observation obs;
    obs.device = "register:" + file + ":" + std::to_string(row.number);
    if (units > 1) obs.device += "#" + std::to_string(unit);
    if (valid_ip(f.ip)) obs.ip = f.ip;
    obs.protocol = "register";
    obs.source = "import register " + file;
    obs.make = f.make;
    obs.model = f.model;
    obs.payload = payload_json(f, row, h, unit, units);
    sink(std::move(obs));
    ++report.observations;
  }
}

bool is_repeated_header(const GridRow& row, const Header& h) {
  std::size_t same = 0;
  for (std::size_t i = 0; i < row.cells.size() && i < h.names.size(); ++i)
    same += !h.names[i].empty() && util::iequals(util::trim(row.cells[i]), h.names[i]);
  return same >= 2;
}

bool is_column(const Header& h, std::size_t column, std::initializer_list<Role> roles) {
  for (Role r : roles)
    if (h.columns[static_cast<std::size_t>(r)] == column) return true;
  return false;
}

// "Block A", "North site" alone on a row, in the first column or the site column, in a
// sheet of several columns: a heading for the rows below, not a camera. A lone cell
// elsewhere ("Plant room" under Location) or holding a model code is a row of its own.
bool is_section_heading(std::string_view text, std::size_t column, const Header& h) {
  if (h.names.size() < 3 || !split_free_text(text).model.empty()) return false;
  if (is_column(h, column, {Role::model, Role::serial, Role::mac, Role::ip, Role::quantity, Role::location}))
    return false;
  return column == 0 || is_column(h, column, {Role::site});
}

}  // namespace

void emit_register_rows(const Grid& grid, const Header& header, const std::string& file, const ObservationSink& sink,
                        ImportReport& report) {
  std::string section;  // a heading row's text, or the last site seen (merged cells exported blank)
  for (std::size_t i = header.row_index + 1; i < grid.rows.size(); ++i) {
    const GridRow& row = grid.rows[i];
    if (is_blank(row)) { ++report.counts["blank rows"]; continue; }
    if (is_repeated_header(row, header)) { ++report.counts["repeated header rows"]; continue; }
    std::size_t only = 0;
    if (filled_cells(row, &only) == 1 && is_section_heading(row.cells[only], only, header)) {
      section = std::string(util::trim(row.cells[only]));
      ++report.counts["section headings"];
      continue;
    }
    if (is_total_row(row)) { ++report.counts["total rows"]; continue; }
    ++report.records;
    if (!row.problem.empty()) { report.reject(row.number, row.problem); continue; }
    RowFields f = row_fields(row, header);
    if (f.site.empty()) f.site = section;
    else section = f.site;
    std::size_t units = 1;
    if (const std::string q = cell(row, header.columns, Role::quantity); !q.empty()) {
      std::string error;
      auto n = parse_quantity(q, error);
      if (!n) { report.reject(row.number, error); continue; }
      units = *n;
    }
    emit_units(f, row, header, units, file, sink, report);
  }
}

}  // namespace camaudit::ingest
