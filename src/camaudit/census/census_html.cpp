// SPDX-License-Identifier: Apache-2.0
// The census as one self-contained HTML page: inline CSS and SVG only, no script at all,
// a Content-Security-Policy that forbids every external request, printable. Every string
// (sector names, measures, organisation ids) is escaped.
#include <camaudit/census/census.hpp>

#include <fmt/format.h>

#include <toml++/toml.h>

#include <stdexcept>

namespace camaudit::census {

namespace {

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string percent(double v) { return fmt::format("{:.1f}%", 100 * v); }

// A horizontal interval bar: the CI as a band, the estimate as a tick, Manski bounds as
// a thin line, a published figure as a diamond.
std::string interval_svg(const Figure& f, std::optional<double> published = std::nullopt) {
  constexpr double kWidth = 260;
  auto x = [](double v) { return 10 + v * (kWidth - 20); };
  std::string svg = fmt::format(R"svg(<svg class="bar" viewBox="0 0 {} 24" width="{}" height="24" role="img" aria-label="{}, interval {} to {}">)svg",
                                kWidth, kWidth, percent(f.value.estimate), percent(f.value.low), percent(f.value.high));
  svg += fmt::format(R"(<line x1="{}" y1="12" x2="{}" y2="12" class="axis"/>)", x(0), x(1));
  if (f.bounds)
    svg += fmt::format(R"(<line x1="{:.1f}" y1="19" x2="{:.1f}" y2="19" class="bounds"/>)", x(f.bounds->low), x(f.bounds->high));
  svg += fmt::format(R"(<rect x="{:.1f}" y="6" width="{:.1f}" height="12" class="ci"/>)", x(f.value.low),
                     std::max(1.0, x(f.value.high) - x(f.value.low)));
  svg += fmt::format(R"(<line x1="{0:.1f}" y1="3" x2="{0:.1f}" y2="21" class="estimate"/>)", x(f.value.estimate));
  if (published)
    svg += fmt::format(R"(<path d="M{0:.1f} 6 l5 6 l-5 6 l-5 -6 z" class="published"/>)", x(*published));
  return svg + "</svg>";
}

std::string measure_label(const std::string& measure) {
  static const std::pair<const char*, const char*> kLabels[] = {
      {"prevalence.restricted_maker", "Organisations with a device by a restricted maker"},
      {"prevalence.kev", "Organisations with a KEV-listed vulnerable device"},
      {"prevalence.biometric", "Organisations with a biometric-capable device"},
      {"device_share.restricted_maker", "Share of devices made by restricted makers"},
      {"device_share.capability_at_sensitive_sites", "Capability-bearing devices at sensitive sites"},
      {"devices.total", "Devices (estimated total)"},
  };
  for (const auto& [key, label] : kLabels)
    if (measure == key) return label;
  for (const char* prefix : {"prevalence.maker.", "prevalence.jurisdiction.", "prevalence.capability."})
    if (measure.starts_with(prefix)) {
      std::string what = measure.substr(std::string_view(prefix).size());
      if (std::string_view(prefix) == "prevalence.maker.") return "Organisations with a " + what + " device";
      if (std::string_view(prefix) == "prevalence.jurisdiction.") return "Organisations with a device restricted in " + what;
      return "Organisations with a " + what + " device";
    }
  return measure;
}

std::string figure_row(const Figure& f, std::size_t threshold, std::optional<double> published) {
  std::string label = escape(measure_label(f.measure));
  if (f.suppressed)
    return fmt::format("<tr><td>{}</td><td colspan=\"3\" class=\"muted\">fewer than {} organisations: suppressed</td></tr>\n",
                       label, threshold);
  std::string value, interval, counts;
  if (f.measure == "devices.total") {
    value = fmt::format("{:.0f}", f.value.estimate);
    interval = fmt::format("{:.0f} – {:.0f}", f.value.low, f.value.high);
    counts = fmt::format("{} devices at {} responders", f.x, f.n);
    return fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n", label, value, interval,
                       escape(counts));
  }
  value = percent(f.value.estimate);
  interval = percent(f.value.low) + " – " + percent(f.value.high);
  counts = fmt::format("{} of {} {}", f.x, f.n, f.unit);
  if (f.bounds) counts += fmt::format("; with non-response {} – {}", percent(f.bounds->low), percent(f.bounds->high));
  return fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td>{}<br>{}</td><td>{}<br><span class=\"muted\">{}</span></td></tr>\n",
                     label, value, interval, interval_svg(f, published), escape(counts), escape(f.method));
}

constexpr const char* kStyle = R"(
:root{--ink:#1d2733;--muted:#5b6775;--line:#d8dee6;--accent:#0b5cad;--warn:#b3261e;--bg:#f6f8fa}
*{box-sizing:border-box}body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0;background:var(--bg)}
header{background:#102a43;color:#fff;padding:24px 32px}header h1{margin:0 0 4px;font-size:24px}header p{margin:0;color:#c9d6e3}
main{max-width:1100px;margin:0 auto;padding:24px 16px}section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:0 0 20px}
h2{font-size:19px;margin:0 0 12px}table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{font-size:13px;color:var(--muted);font-weight:600}.num{font-variant-numeric:tabular-nums;font-weight:600}.muted{color:var(--muted);font-size:13px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:20px}.card{flex:1 1 200px;background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px}
.card b{display:block;font-size:26px}.bar .axis{stroke:#c5ced8;stroke-width:2}.bar .ci{fill:#9cc3ea}.bar .estimate{stroke:var(--accent);stroke-width:3}
.bar .bounds{stroke:var(--muted);stroke-width:2;stroke-dasharray:3 2}.bar .published{fill:var(--warn)}
.legend span{margin-right:16px}@media print{body{background:#fff}header{background:#fff;color:#000}section{break-inside:avoid;border:none}}
@media (max-width:640px){td,th{display:block}tr{display:block;border-bottom:1px solid var(--line)}}
)";

std::string comparison_section(const Census& c, const std::vector<PublishedFigure>& published) {
  if (published.empty()) return "";
  std::string rows;
  for (const PublishedFigure& p : published) {
    const SectorCensus* sector = nullptr;
    for (const SectorCensus& s : c.sectors)
      if (s.sector == p.sector) sector = &s;
    Interval then = wilson(static_cast<std::size_t>(p.share * static_cast<double>(p.n) + 0.5), p.n);
    std::string now = "<td colspan=\"2\" class=\"muted\">no submissions from this sector</td>";
    if (sector)
      if (const Figure* f = sector->find("prevalence.restricted_maker"))
        now = f->suppressed ? "<td colspan=\"2\" class=\"muted\">suppressed</td>"
                            : fmt::format("<td class=\"num\">{}</td><td>{} – {} ({} of {})</td>", percent(f->value.estimate),
                                          percent(f->value.low), percent(f->value.high), f->x, f->n);
    rows += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td>{} – {} (n = {})<br><span class=\"muted\">{}</span></td>{}</tr>\n",
                        escape(p.label), percent(p.share), percent(then.low), percent(then.high), p.n, escape(p.source), now);
  }
  return fmt::format(R"(<section id="comparison"><h2>Against the 2022 figures</h2>
<p class="muted">The 2022 investigation published one share per sector, among responders only, without intervals; the
interval shown for it is the Wilson interval reconstructed from its published share and sample size.</p>
<table><tr><th>Sector</th><th>2022 share</th><th>2022, 95% interval</th><th>This census</th><th>95% interval</th></tr>
{}</table></section>
)",
                     rows);
}

}  // namespace

std::vector<PublishedFigure> load_published(const std::filesystem::path& kb_dir) {
  std::filesystem::path path = kb_dir / "census" / "published.toml";
  toml::table table;
  try {
    table = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    throw std::runtime_error(path.string() + ": " + std::string(e.description()));
  }
  std::vector<PublishedFigure> out;
  if (const toml::array* figures = table["figure"].as_array())
    for (const toml::node& node : *figures) {
      const toml::table* f = node.as_table();
      if (!f) throw std::runtime_error(path.string() + ": [[figure]] entries must be tables");
      PublishedFigure p{f->get_as<std::string>("sector") ? **f->get_as<std::string>("sector") : "",
                        f->get_as<std::string>("label") ? **f->get_as<std::string>("label") : "",
                        f->get_as<std::string>("source") ? **f->get_as<std::string>("source") : "",
                        static_cast<std::size_t>((*f)["n"].value_or(0)), (*f)["share"].value_or(0.0)};
      if (p.sector.empty() || p.source.empty() || p.n == 0 || p.share < 0 || p.share > 1)
        throw std::runtime_error(path.string() + ": a figure needs sector, label, source, n > 0 and 0 <= share <= 1");
      out.push_back(p);
    }
  return out;
}

std::string to_html(const Census& c, const std::vector<PublishedFigure>& published) {
  std::size_t devices = 0;
  for (const SectorCensus& s : c.sectors) devices += s.devices;
  std::string html = fmt::format(R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>CCTV census: scale, capabilities and rights impact</title><style>{}</style></head><body>
<header><h1>CCTV census: scale, capabilities and rights impact</h1>
<p>{} organisations in {} sectors, {} devices · camaudit {}</p></header><main>
<div class="cards">)",
                                 kStyle, c.submissions.size(), c.sectors.size(), devices, CAMAUDIT_VERSION);
  for (const Figure& f : c.national)
    html += fmt::format(R"(<div class="card">{}<b>{}</b><span class="muted">95% interval {} – {} · {}</span></div>)",
                        escape(measure_label(f.measure)), f.suppressed ? "suppressed" : percent(f.value.estimate),
                        percent(f.value.low), percent(f.value.high), escape(f.method));
  html += "</div>\n<p class=\"legend muted\"><span>▮ 95% interval</span><span>| estimate</span><span>- - bounds with "
          "non-response</span><span>◆ published 2022 share</span></p>\n";
  for (const SectorCensus& s : c.sectors) {
    std::optional<double> then;
    for (const PublishedFigure& p : published)
      if (p.sector == s.sector) then = p.share;
    html += fmt::format(R"(<section id="sector-{0}"><h2>{0}</h2><p class="muted">{1} responders{2}{3} · {4} devices · mean rights-impact score {5:.1f}</p>
<table><tr><th>Measure</th><th>Estimate</th><th>95% interval</th><th>From</th></tr>
)",
                        escape(s.sector), s.responders, s.population ? fmt::format(" of {}", *s.population) : "",
                        s.non_responders ? fmt::format(", {} did not respond", *s.non_responders) : "", s.devices,
                        s.mean_rights_score);
    for (const Figure& f : s.figures)
      html += figure_row(f, c.options.threshold, f.measure == "prevalence.restricted_maker" ? then : std::nullopt);
    html += "</table></section>\n";
  }
  html += comparison_section(c, published);
  html += fmt::format("<section id=\"method\"><h2>Method</h2><p>{}</p><p class=\"muted\">Submissions: {}</p></section>\n",
                      escape(c.method), c.submissions.size());
  return html + "</main></body></html>\n";
}

}  // namespace camaudit::census
