// SPDX-License-Identifier: Apache-2.0
// The HTML report's stylesheet and script (report/html/report.css, report.js),
// compiled in so the report is one self-contained file. The dashboard reuses them.
#pragma once

#include <string_view>

namespace camaudit::report::html_assets {

extern const std::string_view kCss;
extern const std::string_view kScript;

}  // namespace camaudit::report::html_assets
