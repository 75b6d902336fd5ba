// SPDX-License-Identifier: Apache-2.0
// `camaudit kb import-kev FILE` reads a downloaded CISA catalogue: any bytes give a
// catalogue or a KevError, and what it writes back reads again as the same catalogue.
#include <camaudit/assess/kev.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace camaudit::assess;
  KevCatalogue c;
  try {
    c = parse_kev(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const KevError&) {
    return 0;
  }
  const KevCatalogue again = parse_kev(to_json(c).dump());
  if (again.entries.size() != c.entries.size() || again.version != c.version) std::abort();
  for (const KevEntry& e : c.entries)
    if (c.find(e.cve) == nullptr) std::abort();
  return 0;
}
