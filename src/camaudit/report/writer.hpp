// SPDX-License-Identifier: Apache-2.0
// One report format: a name (`--format NAME`), a file extension, and a function that
// writes the model to a file. Each writer is one file (<name>.cpp) declaring its
// `extern const Writer k<Name>Writer;` in all.hpp; registry.cpp is the one list and
// registry_test.cpp keeps it consistent with the files around it.
#pragma once

#include <camaudit/report/model.hpp>

#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace camaudit::report {

// A report that could not be written (unwritable path, missing Chromium ...): the
// message says what to do.
struct WriteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Writer {
  std::string_view format;       // "html", "xlsx", ...
  std::string_view extension;    // ".html"
  std::string_view description;  // one line for --help
  void (*write)(const Model& model, const std::filesystem::path& out);
};

std::span<const Writer> writers();
const Writer* find_writer(std::string_view format);

// Writes `text` to `out` through a temporary file renamed into place, so a failed
// write never leaves half a report where a previous one stood. Throws WriteError.
void write_file(const std::filesystem::path& out, std::string_view text);

// The HTML report as text (html.cpp); the PDF writer prints it.
std::string html_document(const Model& model);
// The report model as JSON (json.cpp), the document schemas/report.schema.json describes.
nlohmann::json model_to_json(const Model& model);

}  // namespace camaudit::report
