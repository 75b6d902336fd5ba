// SPDX-License-Identifier: Apache-2.0
// The one list of report writers. Adding a format: write <name>.cpp defining
// k<Name>Writer, declare it in all.hpp, add one line here and tests beside it;
// registry_test.cpp fails when one of those is missing.
#include <camaudit/report/all.hpp>

#include <fstream>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace camaudit::report {

namespace {
const std::vector<Writer> kWriters = {
    // WRITERS (one entry per line below)
    kHtmlWriter,
    kPdfWriter,
    kXlsxWriter,
    kCsvWriter,
    kJsonWriter,
    kMdWriter,
};
}  // namespace

std::span<const Writer> writers() { return kWriters; }

const Writer* find_writer(std::string_view format) {
  for (const Writer& w : kWriters)
    if (w.format == format) return &w;
  return nullptr;
}

void write_file(const std::filesystem::path& out, std::string_view text) {
  std::filesystem::path tmp = out;
  tmp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    file.write(text.data(), static_cast<std::streamsize>(text.size()));
    file.close();
    if (!file) {
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      throw WriteError("cannot write " + out.string());
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, out, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw WriteError("cannot write " + out.string() + ": " + ec.message());
  }
}

}  // namespace camaudit::report
