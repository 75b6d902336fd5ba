// SPDX-License-Identifier: Apache-2.0
#include <camaudit/pipeline/store_sink.hpp>
#include <camaudit/store/testing/conformance.hpp>
#include <camaudit/store/testing/records.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace camaudit::pipeline {
namespace {

using store::testing::sample_audit;
using store::testing::sample_device;
using store::testing::sample_observations;

class StoreSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_folder = store::testing::fresh_folder("sink");
    m_store = store::Store::open((m_folder / "inventory.db").string());
  }
  void TearDown() override { std::filesystem::remove_all(m_folder); }
  void feed(StoreSink& sink, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      DeviceRecord d = sample_device(i);
      sink.host(sample_observations(d, 2 * i), std::span(&d, 1));
    }
  }
  std::size_t stored(AuditId id) { return m_store->audit(id)->devices; }
  std::filesystem::path m_folder;
  std::unique_ptr<store::Store> m_store;
};

TEST_F(StoreSinkTest, CommitsEveryNHostsAtCheckpointsAndAtTheEnd) {
  StoreSink sink(*m_store, 3, std::chrono::hours(1));
  AuditRecord audit = sample_audit();
  sink.begin(audit);
  AuditId id = sink.audit_id();
  ASSERT_NE(id, 0);
  feed(sink, 0, 7);
  EXPECT_EQ(stored(id), 6u);  // two batches of three; the seventh host is pending
  sink.checkpoint();
  EXPECT_EQ(stored(id), 7u);
  EXPECT_EQ(m_store->audit(id)->observations, 14u);
  feed(sink, 7, 8);
  audit.status = AuditStatus::complete;
  audit.ended_at = "2026-12-01T10:00:00Z";
  sink.end(audit);
  auto done = m_store->audit(id);
  EXPECT_EQ(done->devices, 8u);
  EXPECT_EQ(done->status, AuditStatus::complete);
  EXPECT_EQ(sink.hosts_written(), 8u);
}

TEST_F(StoreSinkTest, CommitsWhenTheIntervalHasPassed) {
  StoreSink sink(*m_store, 1000, std::chrono::milliseconds(20));
  sink.begin(sample_audit());
  feed(sink, 0, 1);
  EXPECT_EQ(stored(sink.audit_id()), 0u);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  feed(sink, 1, 2);
  EXPECT_EQ(stored(sink.audit_id()), 2u);
}

TEST_F(StoreSinkTest, AResumedAuditContinuesItsRowWithoutDuplicates) {
  AuditId id = 0;
  {
    StoreSink first(*m_store, 2);
    first.begin(sample_audit());
    id = first.audit_id();
    feed(first, 0, 4);
    m_store->end_audit(id, AuditStatus::interrupted, "");
  }
  StoreSink again(*m_store, 2);
  AuditRecord resumed = sample_audit();
  resumed.id = id;
  again.begin(resumed);
  EXPECT_EQ(again.audit_id(), id);
  EXPECT_EQ(m_store->audit(id)->status, AuditStatus::running);
  feed(again, 2, 6);  // the scan re-probes hosts 2 and 3 after its last checkpoint
  again.checkpoint();
  auto a = m_store->audit(id);
  EXPECT_EQ(a->devices, 6u);
  EXPECT_EQ(a->observations, 12u);
  EXPECT_EQ(m_store->audits().size(), 1u);
}

TEST_F(StoreSinkTest, PendingHostsAreCommittedWhenThePipelineUnwinds) {
  AuditId id = 0;
  {
    StoreSink sink(*m_store, 100);
    sink.begin(sample_audit());
    id = sink.audit_id();
    feed(sink, 0, 3);
  }
  EXPECT_EQ(stored(id), 3u);
}

TEST_F(StoreSinkTest, HostBeforeBeginIsAnError) {
  StoreSink sink(*m_store);
  DeviceRecord d = sample_device(0);
  EXPECT_THROW(sink.host({}, std::span(&d, 1)), store::StoreError);
}

}  // namespace
}  // namespace camaudit::pipeline
