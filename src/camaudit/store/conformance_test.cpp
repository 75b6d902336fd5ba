// SPDX-License-Identifier: Apache-2.0
// What every store backend must do (testing/conformance.hpp says how a backend joins).
#include <camaudit/store/jsonl.hpp>
#include <camaudit/store/testing/conformance.hpp>
#include <camaudit/store/testing/records.hpp>

#include <unistd.h>

#include <atomic>
#include <sstream>

namespace camaudit::store::testing {

namespace fs = std::filesystem;

fs::path fresh_folder(const std::string& tag) {
  static std::atomic<int> counter{0};
  fs::path p = fs::temp_directory_path() /
               ("camaudit-store-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

void StoreConformance::SetUp() { m_folder = fresh_folder(GetParam().name); }
void StoreConformance::TearDown() { fs::remove_all(m_folder); }

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(StoreConformance);

namespace {

std::vector<DeviceRecord> devices_of(Store& s, AuditId id) {
  std::vector<DeviceRecord> out;
  s.for_each_device(id, [&](DeviceRecord&& d) { out.push_back(std::move(d)); });
  return out;
}
std::vector<Observation> observations_of(Store& s, AuditId id) {
  std::vector<Observation> out;
  s.for_each_observation(id, [&](Observation&& o) { out.push_back(std::move(o)); });
  return out;
}
void expect_same(const Observation& a, const Observation& b) {
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.device, b.device);
  EXPECT_EQ(a.ip, b.ip);
  EXPECT_EQ(a.port, b.port);
  EXPECT_EQ(a.transport, b.transport);
  EXPECT_EQ(a.protocol, b.protocol);
  EXPECT_EQ(a.path, b.path);
  EXPECT_EQ(a.payload, b.payload);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.make, b.make);
  EXPECT_EQ(a.model, b.model);
}

// Writes `n` sample hosts into a new audit; returns its id.
AuditId write_sample(Store& s, std::size_t n, std::size_t first = 0) {
  AuditId id = s.begin_audit(sample_audit());
  for (std::size_t i = first; i < first + n; ++i) {
    DeviceRecord d = sample_device(i);
    std::vector<Observation> obs = sample_observations(d, 2 * i);
    s.write(id, obs, std::span(&d, 1));
  }
  return id;
}

TEST_P(StoreConformance, EveryFieldOfDevicesObservationsAndAuditsSurvives) {
  auto s = open();
  AuditRecord a = sample_audit();
  a.derived_from = std::nullopt;
  AuditId id = s->begin_audit(a);
  std::vector<DeviceRecord> devices;
  std::vector<Observation> observations;
  for (std::size_t i = 0; i < 5; ++i) {
    devices.push_back(sample_device(i));
    for (Observation& o : sample_observations(devices.back(), 2 * i)) observations.push_back(std::move(o));
  }
  devices[1].assessed = false;  // an unassessed device: no findings, no rights
  devices[1].findings.clear();
  devices[1].rights.reset();
  s->write(id, observations, devices);
  s->end_audit(id, AuditStatus::complete, "2026-12-01T09:30:00Z");

  s = open();  // everything comes back after a reopen, not from a cache
  EXPECT_EQ(devices_of(*s, id), devices);
  auto back = observations_of(*s, id);
  ASSERT_EQ(back.size(), observations.size());
  for (std::size_t i = 0; i < back.size(); ++i) expect_same(back[i], observations[i]);
  auto stored = s->audit(id);
  ASSERT_TRUE(stored);
  a.id = id;
  a.status = AuditStatus::complete;
  a.ended_at = "2026-12-01T09:30:00Z";
  a.devices = 5;
  a.observations = 10;
  a.findings = 8;
  EXPECT_EQ(*stored, a);
  EXPECT_TRUE(s->check().empty());
}

// The brief listing (diff's) is the full records' identity, attributes and finding verdicts.
TEST_P(StoreConformance, BriefDevicesAreTheFullRecordsWithoutEvidence) {
  auto s = open();
  AuditId id = write_sample(*s, 40);
  DeviceRecord bare = sample_device(90);
  bare.findings.clear();
  bare.assessed = true;  // assessed, nothing found: diff must still see it as assessed
  s->write(id, {}, std::span(&bare, 1));
  std::vector<DeviceRecord> brief;
  s->for_each_device_brief(id, [&](DeviceRecord&& d) { brief.push_back(std::move(d)); });
  std::vector<DeviceRecord> full = devices_of(*s, id);
  ASSERT_EQ(brief.size(), full.size());
  for (std::size_t i = 0; i < full.size(); ++i) {
    const DeviceRecord &b = brief[i], &f = full[i];
    EXPECT_EQ(b.key, f.key);
    EXPECT_EQ(b.ip, f.ip);
    EXPECT_EQ(std::tie(b.manufacturer, b.brand, b.model, b.firmware, b.serial, b.mac, b.device_type),
              std::tie(f.manufacturer, f.brand, f.model, f.firmware, f.serial, f.mac, f.device_type));
    EXPECT_EQ(b.assessed, f.assessed) << f.key;
    ASSERT_EQ(b.findings.size(), f.findings.size()) << f.key;
    for (std::size_t k = 0; k < f.findings.size(); ++k) {
      EXPECT_EQ(b.findings[k].kind, f.findings[k].kind);
      EXPECT_EQ(b.findings[k].id, f.findings[k].id);
      EXPECT_EQ(b.findings[k].severity, f.findings[k].severity);
      EXPECT_EQ(b.findings[k].verdict, f.findings[k].verdict);
    }
    EXPECT_TRUE(b.evidence.empty());
  }
  EXPECT_TRUE(brief.back().assessed);
}

TEST_P(StoreConformance, AuditsComeNewestFirstWithCountsAndSharedOrganisation) {
  auto s = open();
  AuditId first = write_sample(*s, 3);
  AuditId second = write_sample(*s, 2, 10);
  AuditRecord other = sample_audit();
  other.organisation.clear();
  other.site.clear();
  AuditId third = s->begin_audit(other);
  auto list = s->audits();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].id, third);
  EXPECT_EQ(list[1].id, second);
  EXPECT_EQ(list[2].id, first);
  EXPECT_EQ(list[2].devices, 3u);
  EXPECT_EQ(list[2].observations, 6u);
  EXPECT_EQ(list[2].findings, 6u);
  EXPECT_EQ(list[1].organisation, "Borough of Testing");
  EXPECT_EQ(list[1].site, "Town Hall");
  EXPECT_EQ(list[0].organisation, "");
  EXPECT_EQ(list[0].status, AuditStatus::running);
}

TEST_P(StoreConformance, WritingAHostAgainReplacesItAndItsObservations) {
  auto s = open();
  AuditId id = write_sample(*s, 3);
  DeviceRecord again = sample_device(1);
  again.firmware = "V5.5.0 build 180101";
  std::vector<Observation> obs = sample_observations(again, 100);
  obs.pop_back();
  s->write(id, obs, std::span(&again, 1));
  auto devices = devices_of(*s, id);
  ASSERT_EQ(devices.size(), 3u);
  std::size_t copies = 0;
  for (const DeviceRecord& d : devices) copies += d.key == again.key;
  EXPECT_EQ(copies, 1u);
  EXPECT_EQ(s->device(id, again.key), again);
  auto stored = s->audit(id);
  EXPECT_EQ(stored->observations, 5u);  // 2 + 1 + 2
  EXPECT_EQ(stored->findings, 6u);
}

TEST_P(StoreConformance, DevicesWrittenAfterTheirObservationsKeepThem) {
  auto s = open();
  AuditId id = s->begin_audit(sample_audit());
  DeviceRecord d = sample_device(4);
  auto obs = sample_observations(d, 0);
  s->write(id, std::span(obs).first(1), {});
  s->write(id, std::span(obs).subspan(1), {});
  s->write(id, {}, std::span(&d, 1));
  EXPECT_EQ(observations_of(*s, id).size(), 2u);
  EXPECT_EQ(devices_of(*s, id).size(), 1u);
}

TEST_P(StoreConformance, ResumeContinuesTheSameAuditRow) {
  auto s = open();
  AuditId id = write_sample(*s, 2);
  s->end_audit(id, AuditStatus::interrupted, "2026-12-01T09:05:00Z");
  s = open();
  AuditRecord resumed = s->resume_audit(id);
  EXPECT_EQ(resumed.id, id);
  EXPECT_EQ(resumed.status, AuditStatus::running);
  EXPECT_EQ(resumed.ended_at, "");
  EXPECT_EQ(resumed.devices, 2u);
  EXPECT_EQ(s->audits().size(), 1u);
  EXPECT_THROW(s->resume_audit(id + 100), StoreError);
  EXPECT_THROW(s->end_audit(id + 100, AuditStatus::complete, ""), StoreError);
}

TEST_P(StoreConformance, WritingIntoAMissingAuditFailsWholly) {
  auto s = open();
  DeviceRecord d = sample_device(0);
  auto obs = sample_observations(d, 0);
  EXPECT_THROW(s->write(4242, obs, std::span(&d, 1)), StoreError);
  EXPECT_TRUE(s->audits().empty());
  EXPECT_TRUE(observations_of(*s, 4242).empty());
}

TEST_P(StoreConformance, RegisterRowsAndDeviceLookup) {
  auto s = open();
  AuditId id = write_sample(*s, 2);
  std::vector<RegisterRow> rows = {{2, "assets.csv", {{"Make", "Hikvision"}, {"Model", "DS-2CD2143G2-I"}}},
                                   {3, "assets.csv", {{"Make", "=cmd()"}, {"Room", nullptr}}}};
  s->write_register_rows(id, rows);
  std::vector<RegisterRow> back;
  s->for_each_register_row(id, [&](RegisterRow&& r) { back.push_back(std::move(r)); });
  EXPECT_EQ(back, rows);
  EXPECT_EQ(s->device(id, sample_device(1).key), sample_device(1));
  EXPECT_FALSE(s->device(id, "127.9.9.9"));
  EXPECT_FALSE(s->audit(id + 1));
}

TEST_P(StoreConformance, ExportThenImportReproducesEveryAudit) {
  auto s = open();
  AuditId a = write_sample(*s, 4);
  s->end_audit(a, AuditStatus::complete, "2026-12-01T10:00:00Z");
  AuditRecord derived = sample_audit();
  derived.command = "reidentify";
  derived.derived_from = a;
  AuditId b = s->begin_audit(derived);
  s->write_register_rows(b, std::vector<RegisterRow>{{1, "r.csv", {{"k", "v"}}}});
  std::stringstream file;
  Counts out = export_jsonl(*s, file);
  EXPECT_EQ(out.audits, 2u);
  EXPECT_EQ(out.devices, 4u);
  EXPECT_EQ(out.observations, 8u);

  auto target = GetParam().open(m_folder / "copy");
  AuditId existing = write_sample(*target, 1, 50);  // ids in the target differ from the file's
  Imported in = import_jsonl(*target, file, "export.jsonl");
  ASSERT_EQ(in.audits.size(), 2u);
  EXPECT_NE(in.audits[0], existing);
  EXPECT_EQ(devices_of(*target, in.audits[0]), devices_of(*s, a));
  auto copied = target->audit(in.audits[1]);
  EXPECT_EQ(copied->derived_from, in.audits[0]);
  EXPECT_EQ(copied->command, "reidentify");
  auto original = target->audit(in.audits[0]);
  EXPECT_EQ(original->status, AuditStatus::complete);
  EXPECT_EQ(original->observations, 8u);
}

TEST_P(StoreConformance, ImportOfAMalformedFileWritesNothing) {
  auto s = open();
  std::stringstream src;
  AuditId a = write_sample(*s, 2);
  export_jsonl(*s, src, a);
  std::string text = src.str() + "{\"type\":\"device\",\"audit\":" + std::to_string(a) + ",\"device\":{\"ip\":7}}\n";
  auto target = GetParam().open(m_folder / "copy");
  std::stringstream bad(text);
  try {
    import_jsonl(*target, bad, "bad.jsonl");
    FAIL() << "accepted a malformed line";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.jsonl:8"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(target->audits().empty());
}

}  // namespace
}  // namespace camaudit::store::testing
