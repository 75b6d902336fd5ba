// SPDX-License-Identifier: Apache-2.0
// The embedded backend of the store: one SQLite file (WAL journal, foreign keys on,
// synchronous FULL so a committed batch survives a crash or power cut), schema from
// schema.cpp's migrations. Opening refuses — and leaves untouched — a file that is not
// SQLite, another application's database, a damaged one, a newer schema, or a path it
// cannot write.
#pragma once

#include <camaudit/store/store.hpp>

#include <memory>

namespace camaudit::store::sqlite {

class Db;

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const std::string& path);
  ~SqliteStore() override;

  std::string where() const override;
  AuditId begin_audit(const AuditRecord& audit) override;
  AuditRecord resume_audit(AuditId audit) override;
  void write(AuditId audit, std::span<const Observation> observations,
             std::span<const DeviceRecord> devices) override;
  void write_register_rows(AuditId audit, std::span<const RegisterRow> rows) override;
  void copy_observations(AuditId from, AuditId to) override;
  void end_audit(AuditId audit, AuditStatus status, const std::string& ended_at) override;

  std::vector<AuditRecord> audits() override;
  std::optional<AuditRecord> audit(AuditId audit) override;
  void for_each_device(AuditId audit, const std::function<void(DeviceRecord&&)>& visit) override;
  void for_each_device_brief(AuditId audit, const std::function<void(DeviceRecord&&)>& visit) override;
  void for_each_observation(AuditId audit, const std::function<void(Observation&&)>& visit) override;
  void for_each_register_row(AuditId audit, const std::function<void(RegisterRow&&)>& visit) override;
  std::optional<DeviceRecord> device(AuditId audit, const std::string& key) override;
  std::vector<std::string> check() override;

  // Caps the file at `pages` pages (PRAGMA max_page_count), as a quota would; the
  // tests simulate a full disk with it.
  void limit_pages(std::int64_t pages);
  int schema_version();  // the file's (sqlite::schema_version() is this binary's)

 private:
  struct Statements;
  void validate_existing();
  void migrate();
  std::int64_t site_id(const AuditRecord& audit);
  void insert_device(AuditId audit, const DeviceRecord& device);
  std::vector<AuditRecord> select_audits(const std::string& where, std::optional<AuditId> id);

  std::unique_ptr<Db> m_db;
  std::unique_ptr<Statements> m_st;
};

}  // namespace camaudit::store::sqlite
