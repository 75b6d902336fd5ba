// SPDX-License-Identifier: Apache-2.0
#include <camaudit/census/census.hpp>
#include <camaudit/source_paths.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace camaudit::census {
namespace {

const Vocabulary& vocabulary() {
  static const Vocabulary v = Vocabulary::load(CAMAUDIT_SOURCE_KB_DIR);
  return v;
}

DeviceRecord device(std::string maker, std::optional<std::string> brand, std::string type) {
  DeviceRecord d;
  d.ip = d.key = "127.0.0." + std::to_string(std::rand() % 250 + 1);
  d.manufacturer = std::move(maker);
  d.brand = std::move(brand);
  d.device_type = std::move(type);
  return d;
}

Submission synthetic(std::string id, std::string sector, bool restricted, std::size_t devices = 10) {
  Submission s;
  s.organisation = std::move(id);
  s.sector = std::move(sector);
  s.audit_date = "2026-12-01";
  s.method = "foi_return";
  s.devices = devices;
  s.by_type["camera"] = devices;
  s.by_maker[restricted ? "Hikvision" : "Axis"] = devices;
  s.restricted_maker_devices = restricted ? devices : 0;
  s.file = s.organisation + ".json";
  return s;
}

// Wilson computed here, independently of stats.cpp, from the textbook formula.
std::pair<double, double> wilson_reference(double x, double n) {
  const double z = 1.959963984540054, p = x / n;
  double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  double half = z / (1 + z * z / n) * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
  return {centre - half, centre + half};
}

TEST(Census, ReproducesThe2022Table) {
  // research/census.md §1: responders per sector and the published share.
  struct Row {
    const char* sector;
    std::size_t n;
    double share;
  };
  const Row rows[] = {{"council", 325, 0.73}, {"nhs_trust", 50, 0.60},   {"school_secondary", 663, 0.63},
                      {"fe_college", 66, 0.66}, {"university", 73, 0.54}, {"police_force", 40, 0.35}};
  std::vector<Submission> submissions;
  for (const Row& r : rows) {
    auto x = static_cast<std::size_t>(std::lround(r.share * static_cast<double>(r.n)));
    for (std::size_t i = 0; i < r.n; ++i)
      submissions.push_back(synthetic(std::string(r.sector) + "-" + std::to_string(i), r.sector, i < x));
  }
  Census c = compute(submissions, std::nullopt, {200, 1, 5});
  for (const Row& r : rows) {
    const SectorCensus* sector = nullptr;
    for (const SectorCensus& s : c.sectors)
      if (s.sector == r.sector) sector = &s;
    ASSERT_NE(sector, nullptr) << r.sector;
    const Figure* f = sector->find("prevalence.restricted_maker");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->n, r.n);
    // Published shares are whole percentages of whole counts: within half a count.
    EXPECT_NEAR(f->value.estimate, r.share, 0.005 + 0.5 / static_cast<double>(r.n)) << r.sector;
    auto [low, high] = wilson_reference(static_cast<double>(f->x), static_cast<double>(r.n));
    EXPECT_NEAR(f->value.low, low, 1e-9) << r.sector;
    EXPECT_NEAR(f->value.high, high, 1e-9) << r.sector;
    EXPECT_EQ(f->submissions.size(), f->x);
  }
  const Figure* councils = c.sectors[0].sector == "council" ? c.sectors[0].find("prevalence.restricted_maker") : nullptr;
  ASSERT_NE(councils, nullptr);
  EXPECT_NEAR(councils->value.low, 0.678, 0.001);  // the "about 67.8–77.5%" of the issue
  EXPECT_NEAR(councils->value.high, 0.775, 0.001);
}

TEST(Census, FrameGivesFpcBoundsAndWeights) {
  std::vector<Submission> subs;
  for (int i = 0; i < 40; ++i) subs.push_back(synthetic("p" + std::to_string(i), "police_force", i < 14));
  Frame frame;
  frame.sectors["police_force"] = {48, 48, std::nullopt};
  Census c = compute(subs, frame, {200, 1, 5});
  const Figure* f = c.sectors[0].find("prevalence.restricted_maker");
  EXPECT_EQ(f->method, "wilson+fpc");
  EXPECT_NEAR(f->value.low, 0.291874, 1e-5);  // research/census.md §4b
  EXPECT_NEAR(f->value.high, 0.412951, 1e-5);
  ASSERT_TRUE(f->bounds);
  EXPECT_NEAR(f->bounds->low, 14.0 / 48, 1e-12);
  EXPECT_NEAR(f->bounds->high, 22.0 / 48, 1e-12);
  const Figure* total = c.sectors[0].find("devices.total");
  EXPECT_NEAR(total->value.estimate, 400.0 * 48 / 40, 1e-9);
}

TEST(Census, RefusesDuplicatesAndFramesMissingASector) {
  std::vector<Submission> subs = {synthetic("a", "council", true), synthetic("a", "council", false)};
  subs[1].file = "other.json";
  try {
    compute(subs, std::nullopt);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("other.json"), std::string::npos);
  }
  Frame frame;
  frame.sectors["council"] = {400, std::nullopt, std::nullopt};
  EXPECT_THROW(compute({synthetic("b", "university", true)}, frame), std::invalid_argument);
}

TEST(Census, SmallCellsAreSuppressed) {
  std::vector<Submission> subs;
  for (int i = 0; i < 30; ++i) subs.push_back(synthetic("c" + std::to_string(i), "council", i < 3));
  Census c = compute(subs, std::nullopt, {100, 1, 5});
  const Figure* f = c.sectors[0].find("prevalence.restricted_maker");
  EXPECT_TRUE(f->suppressed);
  nlohmann::json j = to_json(c);
  std::string text = j.dump();
  EXPECT_NE(text.find("\"<5\""), std::string::npos);
  EXPECT_NE(to_csv(c).find("<5"), std::string::npos);
}

TEST(Submission, BuiltFromDevicesAndValid) {
  AuditRecord audit;
  audit.started_at = "2026-12-03T10:00:00Z";
  audit.kb_digest = "digest";
  std::vector<DeviceRecord> devices = {device("Hikvision", "EZVIZ", "camera"), device("Dahua", "Lorex", "nvr"),
                                       device("Axis", std::nullopt, "camera")};
  devices[1].capabilities = {"face_recognition"};
  Finding policy;
  policy.kind = FindingKind::policy;
  policy.severity = Severity::high;
  policy.details = {{"jurisdiction", "US"}, {"binding", true}};
  devices[0].findings.push_back(policy);
  Finding kev;
  kev.kind = FindingKind::vulnerability;
  kev.verdict = "affected";
  kev.details = {{"kev", {{"date_added", "2021-11-03"}}}, {"kev_catalog", "2025.08.25"}};
  devices[0].findings.push_back(kev);
  SubmissionOptions options;
  options.organisation = "org-17";
  options.sector = "council";
  options.nation = "England";
  options.restricted_maker = [](std::string_view m) { return m == "Hikvision" || m == "Dahua"; };
  Submission s = build_submission(audit, devices, options);
  EXPECT_EQ(s.devices, 3u);
  EXPECT_EQ(s.restricted_maker_devices, 2u);
  EXPECT_EQ(s.restricted_by_jurisdiction.at("US"), 1u);
  EXPECT_EQ(s.kev_devices, 1u);
  EXPECT_EQ(s.biometric_devices, 1u);
  EXPECT_EQ(s.kev_catalog, "2025.08.25");
  ASSERT_EQ(s.by_label.size(), 2u);
  nlohmann::json document = to_json(s);
  EXPECT_FALSE(document.contains("devices")) << "no device list unless --with-devices";
  EXPECT_EQ(document.dump().find("127.0.0."), std::string::npos) << "no addresses in a submission";
  EXPECT_EQ(validate(document, vocabulary()), std::vector<std::string>{});
  Submission back = submission_from_json(document);
  back.file = s.file;
  EXPECT_EQ(back, s);
  options.with_devices = true;
  EXPECT_THROW(build_submission(audit, devices, options), std::invalid_argument);  // no salt
  options.salt = "s3cret";
  nlohmann::json with = to_json(build_submission(audit, devices, options));
  ASSERT_EQ(with["devices"].size(), 3u);
  EXPECT_EQ(with["devices"][0]["id"].get<std::string>().size(), 64u);
  EXPECT_EQ(with.dump().find("127.0.0."), std::string::npos) << "salted hashes only";
}

TEST(Submission, ValidationNamesEveryProblemWithItsPath) {
  Submission s = synthetic("org", "council", true);
  nlohmann::json d = to_json(s);
  d["organisation"]["sector"] = "spaceport";
  d["counts"]["by_maker"]["Hikvision"] = -3;
  d["counts"]["kev_devices"] = 1e12;
  d["audit"]["camaudit_version"] = "99.0.0";
  d["audit"]["date"] = "yesterday";
  std::vector<std::string> problems = validate(d, vocabulary());
  auto has = [&](std::string_view text) {
    for (const std::string& p : problems)
      if (p.find(text) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has("organisation.sector: 'spaceport'"));
  EXPECT_TRUE(has("counts.by_maker.Hikvision: negative count"));
  EXPECT_TRUE(has("counts.kev_devices"));
  EXPECT_TRUE(has("audit.camaudit_version: made by camaudit 99.0.0"));
  EXPECT_TRUE(has("audit.date"));
  EXPECT_EQ(validate(nlohmann::json::array(), vocabulary()).size(), 1u);
  nlohmann::json wrong = to_json(s);
  wrong["schema_version"] = 7;
  EXPECT_TRUE(validate(wrong, vocabulary())[0].starts_with("schema_version"));
}

TEST(Frame, ReadsAndRejectsClearly) {
  auto dir = std::filesystem::temp_directory_path() / "camaudit-frame-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "good.csv") << "sector,population,invited\ncouncil,408,350\npolice_force,48,\n";
  Frame f = Frame::read_csv(dir / "good.csv", vocabulary());
  EXPECT_EQ(f.sectors.at("council").population, 408u);
  EXPECT_EQ(f.sectors.at("council").invited, 350u);
  EXPECT_FALSE(f.sectors.at("police_force").invited);
  std::ofstream(dir / "bad.csv") << "sector,population\ncouncil,-4\n";
  try {
    Frame::read_csv(dir / "bad.csv", vocabulary());
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv:2"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(CensusHtml, SelfContainedAndEscaped) {
  std::vector<Submission> subs;
  for (int i = 0; i < 20; ++i) subs.push_back(synthetic("<script>x" + std::to_string(i), "council", i < 12));
  Census c = compute(subs, std::nullopt, {100, 1, 5});
  std::string html = to_html(c, load_published(CAMAUDIT_SOURCE_KB_DIR));
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_NE(html.find("Against the 2022 figures"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
}

}  // namespace
}  // namespace camaudit::census
