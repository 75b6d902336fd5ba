// SPDX-License-Identifier: Apache-2.0
// The one list of importers. Adding a format: write <name>.{hpp,cpp} with an `Importer`
// named k<Name>Importer, add one line here, add <name>_test.cpp and fuzz/import_<name>_fuzz.cpp.
// registry_test.cpp checks the list is consistent.
#include <camaudit/ingest/all.hpp>
#include <camaudit/ingest/importer.hpp>

#include <cerrno>
#include <cstring>

namespace camaudit::ingest {

namespace {
// One line per importer; the order is the one `camaudit import --help` lists.
const std::vector<Importer> kImporters = {
    // IMPORTERS (keep this marker: one entry per line below it)
    kNmapImporter,
    kPcapImporter,
    kRegisterImporter,
    kZgrab2Importer,
};
}  // namespace

std::span<const Importer> importers() { return kImporters; }

const Importer* find_importer(std::string_view name) {
  for (const Importer& i : kImporters)
    if (i.name == name) return &i;
  return nullptr;
}

void ImportReport::reject(std::size_t where, std::string reason) {
  ++rejected_count;
  if (rejected.size() < kMaxKept) rejected.push_back(Rejected{where, std::move(reason)});
}

std::optional<std::string> read_all(std::FILE* file, std::size_t cap, std::string& error) {
  std::string out;
  char buffer[1 << 16];
  while (true) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, file);
    if (n == 0) break;
    if (out.size() + n > cap) {
      error = "file larger than " + std::to_string(cap) + " bytes; not read";
      return std::nullopt;
    }
    out.append(buffer, n);
  }
  if (std::ferror(file)) {
    error = std::string("read error: ") + std::strerror(errno);
    return std::nullopt;
  }
  return out;
}

std::string base_name(std::string_view path) {
  const auto slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace camaudit::ingest
