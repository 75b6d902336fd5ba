// SPDX-License-Identifier: Apache-2.0
// The Markdown report: the executive summary for a ticket or an e-mail (the paragraph,
// the headline figures, the five actions, makers and labels, the changes). Device text
// is escaped so it cannot become links, images, HTML or table cells.
#include <camaudit/report/all.hpp>

#include <camaudit/util/text.hpp>

#include <fmt/format.h>

namespace camaudit::report {

namespace {

// Backslash-escapes Markdown punctuation and writes < > & as entities (renderers that
// pass HTML through would otherwise run it); newlines become spaces (one table row).
std::string md(std::string_view raw) {
  std::string out;
  for (char c : util::to_valid_utf8(raw)) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\n': case '\r': case '\t': out.push_back(' '); break;
      default:
        if (std::string_view("\\`*_{}[]()#+-.!|~").find(c) != std::string_view::npos) out.push_back('\\');
        out.push_back(c);
    }
  }
  return out;
}

void counts_table(std::string& out, std::string_view first, const std::vector<Count>& counts, std::size_t limit) {
  if (counts.empty()) {
    out += "None.\n\n";
    return;
  }
  out += fmt::format("| {} | devices |\n|---|---:|\n", first);
  for (std::size_t i = 0; i < counts.size() && i < limit; ++i) out += fmt::format("| {} | {} |\n", md(counts[i].label), counts[i].count);
  if (counts.size() > limit) out += fmt::format("| … {} more | |\n", counts.size() - limit);
  out += "\n";
}

std::string document(const Model& m) {
  const Summary& s = m.summary;
  std::string out = "# CCTV estate audit" + (m.audit.organisation.empty() ? "" : ": " + md(m.audit.organisation)) + "\n\n";
  out += md(s.paragraph) + "\n\n";
  out += fmt::format("| | |\n|---|---:|\n| Devices | {} |\n| Maker identified | {} |\n| From restricted makers | {} ({:.0f}%) |\n"
                     "| Known exploited (CISA KEV) | {} |\n| Biometric-capable | {} |\n| Findings | {} |\n\n",
                     s.devices, s.identified, s.restricted, s.restricted_share * 100, s.kev, s.biometric, s.findings);
  out += "## What to do first\n\n";
  if (s.actions.empty()) out += "Nothing calls for action.\n";
  for (std::size_t i = 0; i < s.actions.size(); ++i) {
    const Action& a = s.actions[i];
    out += fmt::format("{}. **{}** {} ({} device{}). {}\n", i + 1, to_string(a.severity), md(a.title), a.devices,
                       a.devices == 1 ? "" : "s", md(a.detail));
  }
  out += "\n## Restricted makers, by label\n\n";
  counts_table(out, "label (maker)", s.restricted_by_label, 20);
  out += "Restricted by " + md(s.restricted_basis) + "\\.\n\n## Devices by make (FOI)\n\n";
  counts_table(out, "make", m.foi.by_make, 30);
  if (m.diff) {
    out += fmt::format("## Changes since the previous audit ({} devices then)\n\n", m.diff->previous_devices);
    counts_table(out, "change", m.diff->counts, 20);
  }
  out += fmt::format("_camaudit {}, knowledge base {}, generated {}_\n", CAMAUDIT_VERSION,
                     md(m.audit.kb_digest.substr(0, std::min<std::size_t>(12, m.audit.kb_digest.size()))), md(m.generated_at));
  return out;
}

void write_md(const Model& model, const std::filesystem::path& out) { write_file(out, document(model)); }

}  // namespace

const Writer kMdWriter = {"md", ".md", "the summary in Markdown, for a ticket or an e-mail", write_md};

}  // namespace camaudit::report
