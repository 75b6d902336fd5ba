// SPDX-License-Identifier: Apache-2.0
#include <camaudit/report/html_parts.hpp>

#include <camaudit/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace camaudit::report::html {

void append_escaped(std::string& out, std::string_view text) {
  const std::string valid = util::to_valid_utf8(text);
  for (char c : valid) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  append_escaped(out, text);
  return out;
}

namespace {

constexpr int kWidth = 640, kLabelWidth = 190, kValueWidth = 56, kRow = 28, kBarHeight = 18;

// Long device-supplied labels are cut so the chart keeps its shape; the tooltip has it whole.
std::string short_label(std::string_view s) {
  const std::string valid = util::to_valid_utf8(s);
  if (valid.size() <= 26) return valid;
  std::size_t cut = 24;
  while (cut > 0 && (static_cast<unsigned char>(valid[cut]) & 0xC0) == 0x80) --cut;
  return valid.substr(0, cut) + "…";
}

}  // namespace

std::string bar_chart(std::string_view title, const std::vector<Bar>& bars) {
  std::size_t max = 1;
  for (const Bar& b : bars) {
    std::size_t total = 0;
    for (const Segment& s : b.segments) total += s.value;
    max = std::max(max, total);
  }
  const int height = std::max<int>(1, static_cast<int>(bars.size())) * kRow + 4;
  const double scale = static_cast<double>(kWidth - kLabelWidth - kValueWidth) / static_cast<double>(max);
  std::string svg = fmt::format(R"(<svg viewBox="0 0 {} {}" role="img" aria-label="{}">)", kWidth, height, escape(title));
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const int y = static_cast<int>(i) * kRow + 4;
    svg += fmt::format(R"(<text x="0" y="{}">{}<title>{}</title></text>)", y + 14, escape(short_label(bars[i].label)), escape(bars[i].label));
    svg += fmt::format(R"(<rect class="track" x="{}" y="{}" width="{}" height="{}" rx="3"/>)", kLabelWidth, y,
                       kWidth - kLabelWidth - kValueWidth, kBarHeight);
    double x = kLabelWidth;
    std::size_t total = 0;
    for (const Segment& s : bars[i].segments) {
      const double w = static_cast<double>(s.value) * scale;
      svg += fmt::format(R"(<rect class="{}" x="{:.1f}" y="{}" width="{:.1f}" height="{}"><title>{}: {}</title></rect>)",
                         escape(s.css), x, y, w, kBarHeight, escape(s.label), s.value);
      x += w;
      total += s.value;
    }
    svg += fmt::format(R"(<text class="v" x="{}" y="{}" text-anchor="end">{}</text>)", kWidth, y + 14, total);
  }
  if (bars.empty()) svg += R"(<text class="ax" x="0" y="16">nothing to show</text>)";
  return svg + "</svg>";
}

std::string column_chart(std::string_view title, const std::vector<Count>& columns, const std::vector<std::string>& css) {
  constexpr int kHeight = 200, kAxis = 34, kTop = 18;
  std::size_t max = 1;
  for (const Count& c : columns) max = std::max(max, c.count);
  const int n = std::max<int>(1, static_cast<int>(columns.size()));
  const int slot = kWidth / n, bar = slot * 3 / 5;
  std::string svg = fmt::format(R"(<svg viewBox="0 0 {} {}" role="img" aria-label="{}">)", kWidth, kHeight, escape(title));
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const double h = static_cast<double>(columns[i].count) / static_cast<double>(max) * (kHeight - kAxis - kTop);
    const int x = static_cast<int>(i) * slot + (slot - bar) / 2;
    const double y = kHeight - kAxis - h;
    svg += fmt::format(R"(<rect class="{}" x="{}" y="{:.1f}" width="{}" height="{:.1f}" rx="2"><title>{}: {}</title></rect>)",
                       escape(i < css.size() ? css[i] : "bar"), x, y, bar, h, escape(columns[i].label), columns[i].count);
    svg += fmt::format(R"(<text class="v" x="{}" y="{:.1f}" text-anchor="middle">{}</text>)", x + bar / 2, y - 4, columns[i].count);
    svg += fmt::format(R"(<text class="ax" x="{}" y="{}" text-anchor="middle">{}</text>)", x + bar / 2, kHeight - kAxis + 16,
                       escape(columns[i].label));
  }
  return svg + "</svg>";
}

}  // namespace camaudit::report::html
