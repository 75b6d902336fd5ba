// SPDX-License-Identifier: Apache-2.0
// Re-identification over stored observations, against the real knowledge base and the
// bundled scan sample: the parallel result equals one Identifier's, whatever the thread
// count, and a derived audit says what the new identification changed.
#include <camaudit/pipeline/reidentify.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/identify/observation_reader.hpp>
#include <camaudit/source_paths.hpp>
#include <camaudit/store/testing/conformance.hpp>
#include <camaudit/store/testing/records.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>

namespace camaudit::pipeline {
namespace {

const kb::KnowledgeBase& shared_kb() {
  static std::unique_ptr<kb::KnowledgeBase> kb = [] {
    std::vector<kb::Problem> problems;
    auto loaded = kb::KnowledgeBase::load(CAMAUDIT_SOURCE_KB_DIR, problems);
    EXPECT_TRUE(problems.empty());
    return loaded;
  }();
  return *kb;
}

const std::vector<Observation>& sample() {
  static std::vector<Observation> obs = [] {
    std::vector<Observation> out;
    std::FILE* f = std::fopen(CAMAUDIT_SOURCE_KB_DIR "/../samples/scan-full-mix.jsonl", "rb");
    EXPECT_NE(f, nullptr);
    if (!f) return out;
    identify::ObservationReader reader(f);
    reader.read([&](Observation&& o) { out.push_back(std::move(o)); }, [](const identify::ReadError&) {});
    std::fclose(f);
    return out;
  }();
  return obs;
}

std::vector<DeviceRecord> serially() {
  identify::Identifier one(shared_kb());
  for (const Observation& o : sample()) one.add(o);
  std::vector<DeviceRecord> out;
  for (const identify::Device& d : one.finish()) out.push_back(to_device_record(d));
  return out;
}

auto from_sample() {
  return [](const std::function<void(Observation&&)>& visit) {
    for (Observation o : sample()) visit(std::move(o));
  };
}

TEST(Reidentify, ParallelIdentificationEqualsOneIdentifier) {
  ASSERT_GT(sample().size(), 100u);
  std::vector<DeviceRecord> expected = serially();
  ASSERT_GT(expected.size(), 10u);
  for (unsigned threads : {1u, 2u, 3u}) EXPECT_EQ(identify_in_parallel(shared_kb(), from_sample(), threads), expected);
}

TEST(Reidentify, AssessmentRunsOnEveryDevice) {
  std::atomic<std::size_t> calls{0};
  auto out = identify_in_parallel(shared_kb(), from_sample(), 2, [&](DeviceRecord& d) {
    ++calls;
    d.assessed = true;
  });
  EXPECT_EQ(calls.load(), out.size());
  for (const DeviceRecord& d : out) EXPECT_TRUE(d.assessed);
}

TEST(Reidentify, ADerivedAuditSaysWhatChanged) {
  auto folder = store::testing::fresh_folder("reid");
  auto s = store::Store::open((folder / "inventory.db").string());
  std::vector<DeviceRecord> now = serially();
  // The audit as an older knowledge base left it: one device unidentified, one with a
  // different model.
  std::vector<DeviceRecord> old = now;
  std::size_t named = 0;
  while (named < old.size() && !old[named].manufacturer) ++named;
  ASSERT_LT(named, old.size());
  old[named].manufacturer.reset();
  old.back().model = "OLD-MODEL";
  AuditId first = s->begin_audit(store::testing::sample_audit());
  s->write(first, sample(), {});
  s->write(first, {}, old);
  s->end_audit(first, AuditStatus::complete, "2026-12-01T10:00:00Z");

  AuditRecord next = store::testing::sample_audit();
  next.command = "reidentify";
  Reidentified r = reidentify(*s, first, next, shared_kb(), 2);
  EXPECT_EQ(r.audit.derived_from, first);
  EXPECT_EQ(r.audit.status, AuditStatus::complete);
  EXPECT_EQ(r.audit.observations, sample().size());
  EXPECT_EQ(r.after, now);
  EXPECT_TRUE(r.changes.added.empty());
  EXPECT_TRUE(r.changes.gone.empty());
  ASSERT_EQ(r.changes.changes.size(), old.back().model == now.back().model ? 1u : 2u);
  EXPECT_EQ(r.changes.changes[0].changed[0].attribute, "manufacturer");
  EXPECT_EQ(r.changes.changes[0].changed[0].from, "");
  std::vector<DeviceRecord> stored;
  s->for_each_device(r.audit.id, [&](DeviceRecord&& d) { stored.push_back(std::move(d)); });
  EXPECT_EQ(stored, now);
  EXPECT_THROW(reidentify(*s, 999, next, shared_kb()), store::StoreError);
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace camaudit::pipeline
