// SPDX-License-Identifier: Apache-2.0
// The HTML report: one self-contained file. The summary, charts (inline SVG), FOI and
// diff sections are written here as escaped HTML; the device table is data (JSON in a
// <script type="application/json"> block, strings interned once) that report.js pages
// through, so a 100,000-device report opens at once and sorts and filters offline.
//
// Security: a Content-Security-Policy meta tag allows nothing but the page's own
// stylesheet and script, each by its sha256; no element carries a style or event
// attribute. Device strings are escaped in the HTML and, in the JSON block, every
// '<', '>' and '&' is written as \u003c etc., so "</script>" in a device name cannot
// end the block.
#include <camaudit/report/all.hpp>
#include <camaudit/report/html_assets.hpp>
#include <camaudit/report/html_parts.hpp>

#include <camaudit/util/codec.hpp>
#include <camaudit/util/text.hpp>

#include <fmt/format.h>

#include <unordered_map>

namespace camaudit::report {

namespace {

using html::escape;

std::string csp_hash(std::string_view text) {
  return "'sha256-" + util::base64_encode(util::hex_decode(util::sha256_hex(text)).value_or("")) + "'";
}

std::string severity_name(Severity s) { return std::string(to_string(s)); }

// ---------------------------------------------------------------------------------------
// The device data block.

// JSON string escaping safe inside a <script> element (see the header comment).
void append_json_string(std::string& out, std::string_view raw) {
  const std::string s = util::to_valid_utf8(raw);
  out.push_back('"');
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
          out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
          i += 2;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

// Every string once, in a table; cells hold its index (-1: none).
class Strings {
 public:
  int id(std::string_view s) {
    if (s.empty()) return -1;
    auto [it, fresh] = m_ids.try_emplace(std::string(s), static_cast<int>(m_order.size()));
    if (fresh) m_order.push_back(&it->first);
    return it->second;
  }
  int maybe(const std::optional<std::string>& s) { return s ? id(*s) : -1; }
  void append(std::string& out) const {
    out.push_back('[');
    for (std::size_t i = 0; i < m_order.size(); ++i) {
      if (i) out.push_back(',');
      append_json_string(out, *m_order[i]);
    }
    out.push_back(']');
  }

 private:
  std::unordered_map<std::string, int> m_ids;
  std::vector<const std::string*> m_order;
};

template <class Range>
std::string joined(const Range& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

std::string citations(const Finding& f) {
  std::vector<std::string> cites;
  for (const Citation& c : f.cites) cites.push_back(c.section.empty() ? c.instrument : c.instrument + " " + c.section);
  return joined(cites, "; ");
}

void append_row(std::string& out, Strings& s, const DeviceRecord& d, const DeviceFacts& f) {
  const int flags = (f.restricted ? 1 : 0) | (f.kev ? 2 : 0) | (f.biometric ? 4 : 0);
  const int worst = f.worst ? static_cast<int>(*f.worst) : -1;
  out += fmt::format("[{},{},{},{},{},{},{},{},{},{},{:.2f},{},{},{},{}]", s.id(d.ip.empty() ? d.key : d.ip), s.id(f.maker),
                     s.id(f.label), s.maybe(d.model), s.maybe(d.firmware), s.maybe(f.firmware_date), s.maybe(d.serial), s.maybe(d.mac),
                     s.maybe(d.device_type), s.id(joined(d.capabilities, ", ")), d.confidence, flags, worst, d.findings.size(),
                     s.id(d.rights ? d.rights->band : std::string()));
}

void append_detail(std::string& out, Strings& s, const DeviceRecord& d, const DeviceFacts& f) {
  out += "[[";
  for (std::size_t i = 0; i < d.evidence.size(); ++i) {
    const EvidenceRecord& e = d.evidence[i];
    out += fmt::format("{}[{},{},{:.2f},{},{},{},{},{}]", i ? "," : "", s.id(e.attribute), s.id(e.value), e.certainty, s.id(e.field),
                       s.id(e.matched), s.id(e.rule), s.id(e.kb), e.observation ? static_cast<long long>(*e.observation) : -1LL);
  }
  out += "],[";
  for (std::size_t i = 0; i < d.findings.size(); ++i) {
    const Finding& x = d.findings[i];
    out += fmt::format("{}[{},{},{},{},{},{:.2f},{},{},{},{}]", i ? "," : "", s.id(to_string(x.kind)), s.id(x.id),
                       static_cast<int>(x.severity), s.id(x.verdict), s.id(x.summary), x.confidence, s.id(x.rule), s.id(x.kb),
                       s.id(citations(x)), known_exploited(x) ? 1 : 0);
  }
  out += "],[";
  for (std::size_t i = 0; i < d.conflicts.size(); ++i) {
    const ConflictRecord& c = d.conflicts[i];
    out += fmt::format("{}[{},{},{:.2f},{}]", i ? "," : "", s.id(c.attribute), s.id(c.value), c.certainty, s.id(joined(c.rules, ", ")));
  }
  out += fmt::format("],{},{},{}]", s.id(joined(d.seen, ", ")), s.id(f.restricted_via), s.id(joined(d.notes, "; ")));
}

std::string device_data(const Model& m) {
  Strings strings;
  std::string rows, details;
  rows.reserve(m.devices.size() * 80);
  details.reserve(m.devices.size() * 200);
  for (std::size_t i = 0; i < m.devices.size(); ++i) {
    if (i) rows.push_back(','), details.push_back(',');
    append_row(rows, strings, m.devices[i], m.facts[i]);
    append_detail(details, strings, m.devices[i], m.facts[i]);
  }
  std::string out = "{\"v\":1,\"s\":";
  strings.append(out);
  out += ",\"d\":[" + rows + "],\"x\":[" + details + "]}";
  return out;
}

// ---------------------------------------------------------------------------------------
// Sections.

std::string header(const Model& m) {
  const AuditRecord& a = m.audit;
  std::string title = a.organisation.empty() ? "CCTV estate audit" : "CCTV estate audit: " + a.organisation;
  std::string out = R"(<header class="band"><div class="wrap"><div class="brand">camaudit · audit report</div>)";
  out += "<h1>" + escape(title) + "</h1><div class=\"meta\">";
  auto item = [&](std::string_view k, const std::string& v) {
    if (!v.empty()) out += fmt::format("<span>{} <b>{}</b></span>", k, escape(v));
  };
  item("Site", a.site);
  item("Audit", a.started_at.empty() ? "" : a.started_at.substr(0, 16) + "Z");
  item("Status", std::string(to_string(a.status)));
  item("Targets", a.targets.is_array() && !a.targets.empty() ? a.targets.dump() : "");
  item("Audit id", a.id ? std::to_string(a.id) : "");
  item("Generated", m.generated_at);
  out += R"(</div><nav class="toc"><a href="#summary">Summary</a><a href="#charts">Charts</a><a href="#devices">Devices</a>)"
         R"(<a href="#foi">FOI answer</a>)";
  if (m.diff) out += R"(<a href="#diff">Changes</a>)";
  out += R"(<a href="#method">Method</a></nav></div></header>)";
  return out;
}

std::string kpi(std::string_view cls, const std::string& n, std::string_view label, const std::string& sub) {
  return fmt::format(R"(<div class="kpi {}"><div class="n">{}</div><div class="l">{}</div><div class="s">{}</div></div>)", cls,
                     escape(n), label, escape(sub));
}

std::string counts_table(std::string_view first, const std::vector<Count>& counts, std::size_t limit = 12) {
  if (counts.empty()) return "<p class=\"note\">None.</p>";
  std::string out = fmt::format(R"(<table><thead><tr><th>{}</th><th class="num">devices</th></tr></thead><tbody>)", first);
  std::size_t rest = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (i < limit) out += fmt::format(R"(<tr><td>{}</td><td class="num">{}</td></tr>)", escape(counts[i].label), counts[i].count);
    else rest += counts[i].count;
  }
  if (rest) out += fmt::format(R"(<tr><td>{} others</td><td class="num">{}</td></tr>)", counts.size() - limit, rest);
  return out + "</tbody></table>";
}

std::string actions_list(const Summary& s) {
  if (s.actions.empty()) return "<p class=\"note\">Nothing calls for action.</p>";
  std::string out = "<ol class=\"actions\">";
  for (const Action& a : s.actions)
    out += fmt::format(R"(<li><div class="t"><span class="pill {0}">{0}</span> {1} <span class="note">· {2} device{3}</span></div>)"
                       R"(<div class="d">{4}</div></li>)",
                       severity_name(a.severity), escape(a.title), a.devices, a.devices == 1 ? "" : "s", escape(a.detail));
  return out + "</ol>";
}

std::string summary_section(const Model& m) {
  const Summary& s = m.summary;
  std::size_t serious = s.findings_by_severity[static_cast<std::size_t>(Severity::critical)] +
                        s.findings_by_severity[static_cast<std::size_t>(Severity::high)];
  std::string out = R"(<section id="summary"><h2>Executive summary</h2>)";
  out += "<p class=\"paragraph\">" + escape(s.paragraph) + "</p><div class=\"kpis\">";
  out += kpi("neutral", fmt::format("{}", s.devices), "devices found", fmt::format("maker identified for {}", s.identified));
  out += kpi(s.restricted ? "bad" : "good", fmt::format("{}", s.restricted), "from restricted makers",
             fmt::format("{:.0f}% of the estate, {} label{}", s.restricted_share * 100, s.restricted_by_label.size(),
                         s.restricted_by_label.size() == 1 ? "" : "s"));
  out += kpi(s.kev ? "bad" : (s.kev_possible ? "warn" : "good"), fmt::format("{}", s.kev), "known exploited (KEV)",
             s.kev_by_cve.empty() ? "no CISA KEV entry applies"
                                  : fmt::format("{} CVEs on the CISA catalogue; {} more devices possibly", s.kev_by_cve.size(),
                                                s.kev_possible));
  out += kpi(s.biometric ? "warn" : "good", fmt::format("{}", s.biometric), "biometric-capable", "face recognition, body temperature");
  out += kpi(serious ? "bad" : "good", fmt::format("{}", serious), "critical and high findings", fmt::format("{} findings in all", s.findings));
  out += "</div><div class=\"cols\"><div><h3>The five actions that matter most</h3>" + actions_list(s) + "</div>";
  out += "<div><h3>Restricted makers, through which labels</h3>" + counts_table("label (maker)", s.restricted_by_label, 8);
  out += "<p class=\"note\">Restricted by " + escape(s.restricted_basis) + ".</p>";
  out += "<h3>Devices by type</h3>" + counts_table("type", s.by_type, 8) + "</div></div></section>";
  return out;
}

std::string makers_chart(const Charts& c) {
  std::vector<html::Bar> bars;
  for (std::size_t i = 0; i < c.makers.size() && i < 14; ++i) {
    const MakerRow& r = c.makers[i];
    html::Bar bar{r.maker, {}};
    for (std::size_t k = 0; k < r.labels.size(); ++k)
      bar.segments.push_back({r.labels[k].label == r.maker ? r.maker : r.labels[k].label + " → " + r.maker, r.labels[k].count,
                              std::string(r.restricted ? "bar restricted" : "bar") + (k % 2 ? " alt" : "")});
    bars.push_back(std::move(bar));
  }
  std::string labels;
  for (const MakerRow& r : c.makers)
    for (const Count& l : r.labels)
      if (l.label != r.maker) labels += (labels.empty() ? "" : ", ") + escape(l.label) + " → " + escape(r.maker);
  std::string out = R"(<div class="chart"><h3>Makers (labels → real maker)</h3>)" + html::bar_chart("devices by real maker", bars);
  out += R"(<div class="legend"><span class="sw restricted"></span>restricted maker<span class="sw"></span>other maker)";
  out += labels.empty() ? "" : " · sold under: " + labels;
  return out + "</div></div>";
}

std::string charts_section(const Model& m) {
  const Charts& c = m.charts;
  std::vector<html::Bar> severity, capabilities;
  for (const Count& s : c.severity) severity.push_back({s.label, {{s.label, s.count, "bar " + s.label}}});
  for (const Count& cap : c.capabilities) capabilities.push_back({cap.label, {{cap.label, cap.count, "bar"}}});
  std::string out = R"(<section id="charts"><h2>Charts</h2><p class="lede">Who really made the devices, how old their firmware is, )"
                    R"(what the assessment found and what the devices can do.</p><div class="charts">)";
  out += makers_chart(c);
  out += R"(<div class="chart"><h3>Findings by severity</h3>)" + html::bar_chart("findings by severity", severity) + "</div>";
  out += R"(<div class="chart"><h3>Firmware age (from build dates)</h3>)" +
         html::column_chart("firmware age", c.firmware_age, {"bar age0", "bar age1", "bar age2", "bar age3", "bar age4", "bar age5"}) +
         R"(<div class="legend">Age of the firmware build at the audit date, where the version string carries a build date.</div></div>)";
  out += R"(<div class="chart"><h3>Capabilities</h3>)" + html::bar_chart("devices by capability", capabilities) + "</div>";
  return out + "</div></section>";
}

std::string devices_section(const Model& m) {
  std::string out = R"(<section id="devices"><h2>Devices</h2><p class="lede">Every device found. Click a row for its evidence )"
                    R"((which rule, on which observation, said what) and its findings. Sorting and filtering work offline.</p>)";
  out += R"(<div class="controls noprint"><input type="search" id="f-q" placeholder="Search address, maker, model, firmware, serial, MAC" )"
         R"(aria-label="search devices"><select id="f-maker" aria-label="maker"></select><select id="f-type" aria-label="type"></select>)"
         R"(<select id="f-sev" aria-label="severity"><option value="-1">Any findings</option><option value="4">critical</option>)"
         R"(<option value="3">high or worse</option><option value="2">medium or worse</option><option value="1">low or worse</option></select>)"
         R"(<label><input type="checkbox" id="f-restricted"> restricted</label><label><input type="checkbox" id="f-kev"> KEV</label>)"
         R"(<label><input type="checkbox" id="f-bio"> biometric</label>)"
         R"(<select id="f-size" aria-label="rows per page"><option value="25">25 rows</option><option value="50" selected>50 rows</option>)"
         R"(<option value="100">100 rows</option><option value="250">250 rows</option></select></div>)";
  out += R"(<div class="scroll"><table id="devices"><thead><tr><th data-col="ip">address</th><th data-col="maker">maker</th>)"
         R"(<th data-col="label" class="opt">label</th><th data-col="model">model</th><th data-col="type" class="opt">type</th>)"
         R"(<th data-col="firmware" class="opt">firmware</th><th data-col="built" class="opt">built</th><th data-col="flags">flags</th>)"
         R"(<th data-col="worst">worst</th><th data-col="nf" class="num">findings</th><th data-col="conf" class="num opt">confidence</th>)"
         R"(</tr></thead><tbody></tbody></table></div>)";
  out += R"(<div class="pager"><span id="page-status"></span><span><button id="page-prev" type="button">‹ Previous</button> )"
         R"(<button id="page-next" type="button">Next ›</button></span></div>)";
  out += R"(<noscript><p class="note">The device table needs JavaScript; the XLSX and CSV reports list every device.</p></noscript>)";
  out += R"(<script type="application/json" id="device-data">)" + device_data(m) + "</script></section>";
  return out;
}

std::string foi_section(const Model& m) {
  const Foi& f = m.foi;
  std::string out = R"(<section id="foi"><h2>FOI answer: CCTV devices by make</h2>)";
  out += fmt::format(R"(<p class="lede">As a Freedom of Information answer gives them: {} network CCTV and related devices, )"
                     R"({} of them of unidentified make. "Make" is the real manufacturer; "label" is the name on the device.</p>)",
                     f.total, f.unidentified);
  out += "<div class=\"cols\"><div><h3>By make</h3>" + counts_table("make", f.by_make, 40) + "</div>";
  out += "<div><h3>By label</h3>" + counts_table("label", f.by_label, 40) + "</div></div>";
  if (!f.label_to_make.empty()) {
    out += R"(<h3>Labels made by another maker</h3><table><thead><tr><th>label</th><th>made by</th><th class="num">devices</th></tr></thead><tbody>)";
    for (const Foi::LabelMake& lm : f.label_to_make)
      out += fmt::format(R"(<tr><td>{}</td><td>{}</td><td class="num">{}</td></tr>)", escape(lm.label), escape(lm.make), lm.count);
    out += "</tbody></table>";
  }
  return out + "</section>";
}

std::string diff_section(const Diff& d) {
  std::string out = fmt::format(R"(<section id="diff"><h2>Changes since the previous audit</h2><p class="lede">{} devices then, )"
                                R"(matched by MAC, then serial, then address and model.</p><div class="kpis">)",
                                d.previous_devices);
  for (const Count& c : d.counts) out += kpi(c.count ? "warn" : "good", std::to_string(c.count), escape(c.label), "");
  out += R"(</div><div class="scroll"><table><thead><tr><th>change</th><th>device</th><th>maker</th><th>model</th><th>matched by</th>)"
         R"(<th>before</th><th>after</th></tr></thead><tbody>)";
  constexpr std::size_t kShown = 500;
  for (std::size_t i = 0; i < d.entries.size() && i < kShown; ++i) {
    const DiffEntry& e = d.entries[i];
    out += fmt::format(R"(<tr><td>{}</td><td class="mono">{}</td><td>{}</td><td>{}</td><td>{}</td><td class="mono">{}</td><td class="mono">{}</td></tr>)",
                       to_string(e.change), escape(e.device), escape(e.maker), escape(e.model), escape(e.matched_by), escape(e.before),
                       escape(e.after));
  }
  out += "</tbody></table></div>";
  if (d.entries.size() > kShown)
    out += fmt::format(R"(<p class="note">{} more changes: see the XLSX or JSON report.</p>)", d.entries.size() - kShown);
  for (const std::string& a : d.ambiguous) out += "<p class=\"note\">Ambiguous: " + escape(a) + "</p>";
  return out + "</section>";
}

std::string method_section(const Model& m) {
  const AuditRecord& a = m.audit;
  std::string out = R"(<section id="method"><h2>Method</h2><p class="lede">)";
  out += "Devices were identified from what they answered (each identification names its rule, knowledge-base line and "
         "observation, shown under each device). Restricted means: " +
         escape(m.summary.restricted_basis) +
         ". Known exploited means a vulnerability finding on CISA's Known Exploited Vulnerabilities catalogue. "
         "Biometric-capable means face recognition or body-temperature screening.</p><table><tbody>";
  auto row = [&](std::string_view k, const std::string& v) {
    if (!v.empty()) out += fmt::format(R"(<tr><th>{}</th><td class="mono">{}</td></tr>)", k, escape(v));
  };
  row("command", a.command);
  row("camaudit", a.camaudit_version);
  row("knowledge base (sha256)", a.kb_digest);
  row("started", a.started_at);
  row("ended", a.ended_at);
  row("options", a.options.empty() ? "" : a.options.dump());
  row("profile", a.profile.empty() ? "" : a.profile.dump());
  row("source", a.source.empty() ? "" : a.source.dump());
  return out + "</tbody></table></section>";
}

std::string document(const Model& m) {
  static const std::string kPolicy = "default-src 'none'; style-src " + csp_hash(html_assets::kCss) + "; script-src " +
                                     csp_hash(html_assets::kScript) + "; img-src data:; base-uri 'none'; form-action 'none'";
  std::string title = m.audit.organisation.empty() ? "camaudit report" : "camaudit report: " + m.audit.organisation;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"" + kPolicy + "\">";
  out += R"(<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">)";
  out += R"(<meta name="generator" content="camaudit )" CAMAUDIT_VERSION R"("><link rel="icon" href="data:,">)";
  out += "<title>" + escape(title) + "</title><style>" + std::string(html_assets::kCss) + "</style></head><body>";
  out += header(m) + "<main class=\"wrap\">" + summary_section(m) + charts_section(m) + devices_section(m) + foi_section(m);
  if (m.diff) out += diff_section(*m.diff);
  out += method_section(m) + "</main>";
  out += fmt::format(R"(<footer class="wrap">Written by camaudit {} at {}. Device-supplied text is shown as text. )"
                     R"(This report makes no network requests.</footer>)",
                     CAMAUDIT_VERSION, escape(m.generated_at));
  out += "<script>" + std::string(html_assets::kScript) + "</script></body></html>\n";
  return out;
}

void write_html(const Model& model, const std::filesystem::path& out) { write_file(out, document(model)); }

}  // namespace

std::string html_document(const Model& model) { return document(model); }

const Writer kHtmlWriter = {"html", ".html", "one self-contained HTML file: summary, charts, device table, FOI answer, changes",
                            write_html};

}  // namespace camaudit::report
