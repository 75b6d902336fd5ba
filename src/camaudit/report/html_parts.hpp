// SPDX-License-Identifier: Apache-2.0
// Pieces of the HTML report that are not the page itself: text escaping and the inline
// SVG charts (no script, no external resources, presentation by CSS class only, so the
// Content-Security-Policy needs no 'unsafe-inline').
#pragma once

#include <camaudit/report/model.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace camaudit::report::html {

// Escapes text for HTML content and quoted attributes (& < > " '); invalid UTF-8 is
// replaced first, so device bytes can never form markup.
std::string escape(std::string_view text);
void append_escaped(std::string& out, std::string_view text);

struct Segment {
  std::string label;  // shown in the segment's tooltip
  std::size_t value = 0;
  std::string css;  // "bar restricted", "bar high" ...
};
struct Bar {
  std::string label;
  std::vector<Segment> segments;  // stacked left to right
};

// Horizontal bars, one per row, stacked segments; `title` names the chart for screen readers.
std::string bar_chart(std::string_view title, const std::vector<Bar>& bars);
// Vertical columns with a CSS class each (firmware age).
std::string column_chart(std::string_view title, const std::vector<Count>& columns, const std::vector<std::string>& css);

}  // namespace camaudit::report::html
