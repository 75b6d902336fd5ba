// SPDX-License-Identifier: Apache-2.0
// Reading, filtering and writing CISA's KEV catalogue (see kev.hpp).
#include <camaudit/assess/kev.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <system_error>

#include <unistd.h>

namespace camaudit::assess {

namespace {

using nlohmann::json;

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool cve_id(std::string_view s) {  // CVE-YYYY-NNNN+
  return s.size() >= 13 && s.substr(0, 4) == "CVE-" && digits(s.substr(4, 4)) && s[8] == '-' && digits(s.substr(9));
}

bool cwe_id(std::string_view s) { return s.size() > 4 && s.substr(0, 4) == "CWE-" && digits(s.substr(4)); }

bool iso_date(std::string_view s) {  // YYYY-MM-DD
  return s.size() == 10 && digits(s.substr(0, 4)) && s[4] == '-' && digits(s.substr(5, 2)) && s[7] == '-' &&
         digits(s.substr(8, 2));
}

std::string text(const json& object, const char* key, const std::string& path, bool required) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) throw KevError(path + "." + key + ": missing");
    return {};
  }
  if (!it->is_string()) throw KevError(path + "." + key + ": not a string");
  return it->get<std::string>();
}

KevEntry read_entry(const json& j, const std::string& path) {
  if (!j.is_object()) throw KevError(path + ": not an object");
  KevEntry e;
  e.cve = text(j, "cveID", path, true);
  e.vendor = text(j, "vendorProject", path, true);
  e.product = text(j, "product", path, true);
  e.name = text(j, "vulnerabilityName", path, true);
  e.date_added = text(j, "dateAdded", path, true);
  e.short_description = text(j, "shortDescription", path, true);
  e.required_action = text(j, "requiredAction", path, true);
  e.due_date = text(j, "dueDate", path, true);
  e.ransomware = text(j, "knownRansomwareCampaignUse", path, false);
  e.notes = text(j, "notes", path, false);
  if (!cve_id(e.cve)) throw KevError(path + ".cveID: '" + e.cve + "' is not a CVE id");
  if (!iso_date(e.date_added)) throw KevError(path + ".dateAdded: '" + e.date_added + "' is not YYYY-MM-DD");
  if (!iso_date(e.due_date)) throw KevError(path + ".dueDate: '" + e.due_date + "' is not YYYY-MM-DD");
  if (auto it = j.find("cwes"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) throw KevError(path + ".cwes: not an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& c = (*it)[i];
      if (!c.is_string() || !cwe_id(c.get<std::string>()))
        throw KevError(path + ".cwes[" + std::to_string(i) + "]: not a CWE id");
      e.cwes.push_back(c.get<std::string>());
    }
  }
  return e;
}

}  // namespace

const KevEntry* KevCatalogue::find(std::string_view cve) const {
  for (const KevEntry& e : entries)
    if (e.cve == cve) return &e;
  return nullptr;
}

KevCatalogue parse_kev(std::string_view json_text) {
  json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded()) throw KevError("not JSON");
  if (!doc.is_object()) throw KevError("top level: not an object");
  KevCatalogue out;
  out.title = text(doc, "title", "", true);
  out.version = text(doc, "catalogVersion", "", true);
  out.released = text(doc, "dateReleased", "", true);
  auto list = doc.find("vulnerabilities");
  if (list == doc.end() || !list->is_array()) throw KevError(".vulnerabilities: missing or not an array");
  auto count = doc.find("count");
  if (count == doc.end() || !count->is_number_integer()) throw KevError(".count: missing or not an integer");
  if (count->get<long long>() != static_cast<long long>(list->size()))
    throw KevError(".count: " + std::to_string(count->get<long long>()) + " but " + std::to_string(list->size()) +
                   " vulnerabilities");
  out.entries.reserve(list->size());
  for (std::size_t i = 0; i < list->size(); ++i)
    out.entries.push_back(read_entry((*list)[i], "vulnerabilities[" + std::to_string(i) + "]"));
  return out;
}

KevCatalogue read_kev(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw KevError(file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return parse_kev(text.str());
  } catch (const KevError& e) {
    throw KevError(file.string() + ": " + e.what());
  }
}

json to_json(const KevCatalogue& c) {
  json list = json::array();
  for (const KevEntry& e : c.entries)
    list.push_back({{"cveID", e.cve},
                    {"vendorProject", e.vendor},
                    {"product", e.product},
                    {"vulnerabilityName", e.name},
                    {"dateAdded", e.date_added},
                    {"shortDescription", e.short_description},
                    {"requiredAction", e.required_action},
                    {"dueDate", e.due_date},
                    {"knownRansomwareCampaignUse", e.ransomware},
                    {"notes", e.notes},
                    {"cwes", e.cwes}});
  return {{"title", c.title},
          {"catalogVersion", c.version},
          {"dateReleased", c.released},
          {"count", c.entries.size()},
          {"vulnerabilities", std::move(list)}};
}

KevCatalogue kev_subset(const KevCatalogue& catalogue, const std::function<bool(std::string_view)>& known_vendor) {
  KevCatalogue out{catalogue.title, catalogue.version, catalogue.released, {}};
  for (const KevEntry& e : catalogue.entries)
    if (known_vendor(e.vendor)) out.entries.push_back(e);
  return out;
}

void write_kev(const std::filesystem::path& file, const KevCatalogue& catalogue) {
  const std::filesystem::path temp = file.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << to_json(catalogue).dump(2) << "\n";
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      throw KevError(temp.string() + ": cannot be written");
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, file, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    throw KevError(file.string() + ": " + ec.message());
  }
}

}  // namespace camaudit::assess
