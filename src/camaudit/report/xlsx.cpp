// SPDX-License-Identifier: Apache-2.0
// The XLSX report (libxlsxwriter): sheets Summary, Devices, Findings, Evidence. Numbers
// are numbers and dates are dates; each sheet's header row is frozen and filtered.
// Every text cell goes through worksheet_write_string, never write_formula: a device
// name "=HYPERLINK(...)" is stored as text and a spreadsheet shows it, never runs it.
// Constant-memory mode streams rows to disk, so a 100,000-device workbook stays small.
#include <camaudit/report/all.hpp>

#include <camaudit/util/text.hpp>

#include <xlsxwriter.h>

#include <fmt/format.h>

#include <functional>

namespace camaudit::report {

namespace {

// Excel's limit for one cell's text.
constexpr std::size_t kMaxCell = 32767;

struct Formats {
  lxw_format* header = nullptr;
  lxw_format* date = nullptr;
  lxw_format* datetime = nullptr;
  lxw_format* percent = nullptr;
  lxw_format* decimal = nullptr;
};

// One sheet written row by row (constant memory needs rows in order).
class Sheet {
 public:
  Sheet(lxw_workbook* book, const char* name, const Formats& formats) : m_sheet(workbook_add_worksheet(book, name)), m_f(formats) {}

  void header(const std::vector<std::pair<std::string_view, double>>& columns) {
    m_columns = static_cast<lxw_col_t>(columns.size());
    for (lxw_col_t c = 0; c < m_columns; ++c) {
      worksheet_set_column(m_sheet, c, c, columns[c].second, nullptr);
      worksheet_write_string(m_sheet, 0, c, std::string(columns[c].first).c_str(), m_f.header);
    }
    worksheet_freeze_panes(m_sheet, 1, 0);
    m_row = 1;
  }
  Sheet& text(std::string_view s) {
    std::string v = util::to_valid_utf8(s);
    if (v.size() > kMaxCell) {
      std::size_t cut = kMaxCell;
      while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
      v.resize(cut);
    }
    if (!v.empty()) worksheet_write_string(m_sheet, m_row, m_col, v.c_str(), nullptr);
    ++m_col;
    return *this;
  }
  Sheet& number(double n, lxw_format* format = nullptr) {
    worksheet_write_number(m_sheet, m_row, m_col++, n, format);
    return *this;
  }
  // "YYYY-MM-DD" or RFC 3339: a date cell; anything else as text.
  Sheet& date(std::string_view iso) {
    lxw_datetime t{};
    if (iso.size() >= 10 && std::sscanf(std::string(iso.substr(0, 10)).c_str(), "%d-%d-%d", &t.year, &t.month, &t.day) == 3) {
      bool with_time = iso.size() >= 19 && std::sscanf(std::string(iso.substr(11, 8)).c_str(), "%d:%d:%lf", &t.hour, &t.min, &t.sec) == 3;
      worksheet_write_datetime(m_sheet, m_row, m_col++, &t, with_time ? m_f.datetime : m_f.date);
      return *this;
    }
    return text(iso);
  }
  void next_row() {
    ++m_row;
    m_col = 0;
  }
  void finish() {
    if (m_columns) worksheet_autofilter(m_sheet, 0, 0, m_row > 1 ? m_row - 1 : 1, static_cast<lxw_col_t>(m_columns - 1));
  }

 private:
  lxw_worksheet* m_sheet;
  const Formats& m_f;
  lxw_row_t m_row = 0;
  lxw_col_t m_col = 0;
  lxw_col_t m_columns = 0;
};

void summary_sheet(lxw_workbook* book, const Formats& f, const Model& m) {
  Sheet s(book, "Summary", f);
  s.header({{"item", 36}, {"value", 60}, {"devices", 12}});
  const Summary& sum = m.summary;
  auto line = [&](std::string_view k, std::string_view v) { s.text(k).text(v).next_row(); };
  auto count = [&](std::string_view k, double n) { s.text(k).number(n).next_row(); };
  line("organisation", m.audit.organisation);
  line("site", m.audit.site);
  s.text("audit started").date(m.audit.started_at).next_row();
  line("audit status", to_string(m.audit.status));
  line("knowledge base (sha256)", m.audit.kb_digest);
  s.text("report generated").date(m.generated_at).next_row();
  count("devices", static_cast<double>(sum.devices));
  count("maker identified", static_cast<double>(sum.identified));
  count("from restricted makers", static_cast<double>(sum.restricted));
  s.text("share from restricted makers").number(sum.restricted_share, f.percent).next_row();
  line("restricted by", sum.restricted_basis);
  count("known exploited (CISA KEV)", static_cast<double>(sum.kev));
  count("biometric-capable", static_cast<double>(sum.biometric));
  count("findings", static_cast<double>(sum.findings));
  for (int sev = 4; sev >= 0; --sev)
    count(fmt::format("findings: {}", to_string(static_cast<Severity>(sev))), static_cast<double>(sum.findings_by_severity[static_cast<std::size_t>(sev)]));
  line("summary", sum.paragraph);
  for (std::size_t i = 0; i < sum.actions.size(); ++i)
    s.text(fmt::format("action {} ({})", i + 1, to_string(sum.actions[i].severity)))
        .text(sum.actions[i].title + " — " + sum.actions[i].detail)
        .number(static_cast<double>(sum.actions[i].devices))
        .next_row();
  for (const MakerRow& r : m.charts.makers)
    for (const Count& l : r.labels)
      s.text("maker: " + r.maker + (r.restricted ? " (restricted)" : "")).text("label: " + l.label).number(static_cast<double>(l.count)).next_row();
  if (m.diff)
    for (const Count& c : m.diff->counts) s.text("change since previous audit: " + c.label).text("").number(static_cast<double>(c.count)).next_row();
  s.finish();
}

std::string joined(const std::vector<std::string>& items) { return fmt::format("{}", fmt::join(items, "; ")); }

void devices_sheet(lxw_workbook* book, const Formats& f, const Model& m) {
  Sheet s(book, "Devices", f);
  s.header({{"ip", 16}, {"maker", 16}, {"label", 16}, {"model", 22}, {"firmware", 26}, {"firmware date", 13}, {"serial", 24},
            {"mac", 18}, {"type", 12}, {"capabilities", 24}, {"confidence", 11}, {"restricted", 10}, {"restricted via", 26},
            {"kev", 6}, {"biometric", 9}, {"worst severity", 12}, {"findings", 9}, {"rights score", 11}, {"rights band", 11},
            {"services", 30}, {"observations", 12}});
  for (std::size_t i = 0; i < m.devices.size(); ++i) {
    const DeviceRecord& d = m.devices[i];
    const DeviceFacts& x = m.facts[i];
    s.text(d.ip.empty() ? d.key : d.ip).text(x.maker).text(x.label).text(d.model.value_or("")).text(d.firmware.value_or(""));
    x.firmware_date ? s.date(*x.firmware_date) : s.text("");
    s.text(d.serial.value_or("")).text(d.mac.value_or("")).text(d.device_type.value_or("")).text(joined(d.capabilities));
    s.number(d.confidence, f.decimal).text(x.restricted ? "yes" : "no").text(x.restricted_via).text(x.kev ? "yes" : "no");
    s.text(x.biometric ? "yes" : "no").text(x.worst ? to_string(*x.worst) : "").number(static_cast<double>(d.findings.size()));
    d.rights ? s.number(d.rights->score, f.decimal) : s.text("");
    s.text(d.rights ? d.rights->band : "").text(joined(d.seen)).number(static_cast<double>(d.observations));
    s.next_row();
  }
  s.finish();
}

void findings_sheet(lxw_workbook* book, const Formats& f, const Model& m) {
  Sheet s(book, "Findings", f);
  s.header({{"ip", 16}, {"maker", 16}, {"model", 22}, {"kind", 13}, {"id", 30}, {"severity", 10}, {"verdict", 16}, {"summary", 60},
            {"confidence", 11}, {"kev", 6}, {"cites", 40}, {"rule", 26}, {"kb", 24}});
  for (std::size_t i = 0; i < m.devices.size(); ++i) {
    const DeviceRecord& d = m.devices[i];
    for (const Finding& x : d.findings) {
      std::vector<std::string> cites;
      for (const Citation& c : x.cites) cites.push_back(c.section.empty() ? c.instrument : c.instrument + " " + c.section);
      s.text(d.ip).text(m.facts[i].maker).text(d.model.value_or("")).text(to_string(x.kind)).text(x.id).text(to_string(x.severity));
      s.text(x.verdict).text(x.summary).number(x.confidence, f.decimal).text(known_exploited(x) ? "yes" : "no").text(joined(cites));
      s.text(x.rule).text(x.kb).next_row();
    }
  }
  s.finish();
}

void evidence_sheet(lxw_workbook* book, const Formats& f, const Model& m) {
  Sheet s(book, "Evidence", f);
  s.header({{"ip", 16}, {"attribute", 14}, {"value", 26}, {"certainty", 10}, {"field", 24}, {"matched", 40}, {"rule", 30},
            {"kb", 28}, {"observation", 12}, {"count", 8}});
  for (const DeviceRecord& d : m.devices) {
    for (const EvidenceRecord& e : d.evidence) {
      s.text(d.ip).text(e.attribute).text(e.value).number(e.certainty, f.decimal).text(e.field).text(e.matched).text(e.rule).text(e.kb);
      e.observation ? s.number(static_cast<double>(*e.observation)) : s.text("");
      s.number(static_cast<double>(e.count)).next_row();
    }
  }
  s.finish();
}

void write_xlsx(const Model& m, const std::filesystem::path& out) {
  std::filesystem::path tmp = out;
  tmp += ".tmp.xlsx";
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* book = workbook_new_opt(tmp.c_str(), &options);
  if (!book) throw WriteError("cannot write " + out.string());
  Formats f;
  f.header = workbook_add_format(book);
  format_set_bold(f.header);
  format_set_bottom(f.header, LXW_BORDER_THIN);
  f.date = workbook_add_format(book);
  format_set_num_format(f.date, "yyyy-mm-dd");
  f.datetime = workbook_add_format(book);
  format_set_num_format(f.datetime, "yyyy-mm-dd hh:mm:ss");
  f.percent = workbook_add_format(book);
  format_set_num_format(f.percent, "0.0%");
  f.decimal = workbook_add_format(book);
  format_set_num_format(f.decimal, "0.00");
  summary_sheet(book, f, m);
  devices_sheet(book, f, m);
  findings_sheet(book, f, m);
  evidence_sheet(book, f, m);
  lxw_error error = workbook_close(book);
  std::error_code ec;
  if (error != LXW_NO_ERROR) {
    std::filesystem::remove(tmp, ec);
    throw WriteError(fmt::format("cannot write {}: {}", out.string(), lxw_strerror(error)));
  }
  std::filesystem::rename(tmp, out, ec);
  if (ec) throw WriteError("cannot write " + out.string() + ": " + ec.message());
}

}  // namespace

const Writer kXlsxWriter = {"xlsx", ".xlsx", "a workbook: Summary, Devices, Findings, Evidence (typed cells, filters)", write_xlsx};

}  // namespace camaudit::report
