// SPDX-License-Identifier: Apache-2.0
// Every report writer, one per file; registry.cpp lists them.
#pragma once

#include <camaudit/report/writer.hpp>

namespace camaudit::report {

extern const Writer kHtmlWriter;  // html.cpp
extern const Writer kPdfWriter;   // pdf.cpp
extern const Writer kXlsxWriter;  // xlsx.cpp
extern const Writer kCsvWriter;   // csv.cpp
extern const Writer kJsonWriter;  // json.cpp
extern const Writer kMdWriter;    // md.cpp

}  // namespace camaudit::report
