// SPDX-License-Identifier: Apache-2.0
// The KEV catalogue: CISA's format read and written back, the vendor subset, and a
// malformed file refused with its JSON path and nothing changed.
#include <camaudit/assess/kev.hpp>
#include <camaudit/source_paths.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <unistd.h>

namespace camaudit::assess {
namespace {

const char* kCatalogue = R"({
  "title": "CISA Catalog of Known Exploited Vulnerabilities",
  "catalogVersion": "2025.08.25",
  "dateReleased": "2025-08-25T17:00:52.3089Z",
  "count": 2,
  "vulnerabilities": [
    {"cveID": "CVE-2021-36260", "vendorProject": "Hikvision", "product": "Various Products",
     "vulnerabilityName": "Hikvision Improper Input Validation", "dateAdded": "2022-01-10",
     "shortDescription": "Certain Hikvision products contain a command injection vulnerability.",
     "requiredAction": "Apply updates per vendor instructions.", "dueDate": "2022-01-24",
     "knownRansomwareCampaignUse": "Unknown", "notes": "", "cwes": ["CWE-78"]},
    {"cveID": "CVE-2024-8956", "vendorProject": "PTZOptics", "product": "PT30X-SDI/NDI Cameras",
     "vulnerabilityName": "PTZOptics Insufficient Authentication", "dateAdded": "2024-11-04",
     "shortDescription": "x", "requiredAction": "y", "dueDate": "2024-11-25"}
  ]
})";

TEST(Kev, ReadsCisasFormat) {
  KevCatalogue c = parse_kev(kCatalogue);
  EXPECT_EQ(c.version, "2025.08.25");
  ASSERT_EQ(c.entries.size(), 2u);
  const KevEntry* e = c.find("CVE-2021-36260");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->date_added, "2022-01-10");
  EXPECT_EQ(e->due_date, "2022-01-24");
  EXPECT_EQ(e->ransomware, "Unknown");
  EXPECT_EQ(e->cwes, std::vector<std::string>{"CWE-78"});
  EXPECT_TRUE(c.find("CVE-2024-8956")->cwes.empty());  // cwes and the last three fields are optional
  KevCatalogue again = parse_kev(to_json(c).dump());
  EXPECT_EQ(again.entries.size(), 2u);
  EXPECT_EQ(again.find("CVE-2021-36260")->name, e->name);
}

TEST(Kev, MalformedCataloguesNameThePath) {
  auto error = [](std::string text) {
    try {
      parse_kev(text);
    } catch (const KevError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(error("{"), "not JSON");
  EXPECT_EQ(error("[]"), "top level: not an object");
  std::string bad = kCatalogue;
  EXPECT_NE(error(std::string(bad).replace(bad.find("\"count\": 2"), 10, "\"count\": 3")).find(".count"), std::string::npos);
  EXPECT_EQ(error(std::string(bad).replace(bad.find("2022-01-10"), 10, "10/01/2022")),
            "vulnerabilities[0].dateAdded: '10/01/2022' is not YYYY-MM-DD");
  EXPECT_EQ(error(std::string(bad).replace(bad.find("\"CWE-78\""), 8, "\"78\"")), "vulnerabilities[0].cwes[0]: not a CWE id");
  EXPECT_EQ(error(std::string(bad).replace(bad.find("\"dueDate\": \"2022-01-24\","), 24, "")),
            "vulnerabilities[0].dueDate: missing");
}

TEST(Kev, SubsetKeepsTheKnowledgeBasesVendorsAndTheCatalogueDate) {
  KevCatalogue c = parse_kev(kCatalogue);
  KevCatalogue s = kev_subset(c, [](std::string_view v) { return v == "Hikvision"; });
  EXPECT_EQ(s.version, c.version);
  ASSERT_EQ(s.entries.size(), 1u);
  EXPECT_EQ(to_json(s)["count"], 1);
}

TEST(Kev, WriteReplacesTheFileWhole) {
  const auto dir = std::filesystem::temp_directory_path() / ("camaudit_kev_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "kev.json";
  write_kev(file, parse_kev(kCatalogue));
  EXPECT_EQ(read_kev(file).entries.size(), 2u);
  for (const auto& entry : std::filesystem::directory_iterator(dir)) EXPECT_EQ(entry.path(), file);  // no temp left
  std::filesystem::remove_all(dir);
}

TEST(Kev, TheShippedSnapshotReads) {
  KevCatalogue c = read_kev(std::filesystem::path(CAMAUDIT_SOURCE_KB_DIR) / "vulns/kev.json");
  EXPECT_FALSE(c.version.empty());
  EXPECT_NE(c.find("CVE-2017-7921"), nullptr);
  EXPECT_NE(c.find("CVE-2021-33044"), nullptr);
}

}  // namespace
}  // namespace camaudit::assess
