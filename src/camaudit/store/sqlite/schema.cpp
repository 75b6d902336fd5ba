// SPDX-License-Identifier: Apache-2.0
#include <camaudit/store/sqlite/schema.hpp>

#include <array>

namespace camaudit::store::sqlite {

namespace {
// Devices keep their full JSON (the devices.jsonl line: claims, evidence, conflicts,
// findings, rights) in `record`, which is what reading returns; the columns beside it
// are copies for queries (`WHERE mac = ...`) and never read back as the truth.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE organisations(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE);
CREATE TABLE sites(
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL,
  UNIQUE(organisation_id, name));
CREATE TABLE audits(
  id INTEGER PRIMARY KEY,
  site_id INTEGER REFERENCES sites(id),
  command TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK(status IN ('running', 'complete', 'interrupted', 'failed')),
  targets TEXT NOT NULL,
  options TEXT NOT NULL,
  camaudit_version TEXT NOT NULL,
  kb_digest TEXT NOT NULL,
  profile TEXT NOT NULL,
  source TEXT NOT NULL,
  derived_from INTEGER REFERENCES audits(id));
CREATE TABLE observations(
  id INTEGER PRIMARY KEY,
  audit_id INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  device TEXT NOT NULL,
  ip TEXT NOT NULL,
  port INTEGER NOT NULL,
  transport TEXT NOT NULL,
  protocol TEXT NOT NULL,
  path TEXT NOT NULL,
  payload BLOB NOT NULL,
  source TEXT NOT NULL,
  make TEXT NOT NULL,
  model TEXT NOT NULL);
CREATE INDEX observations_by_device ON observations(audit_id, device);
CREATE TABLE devices(
  id INTEGER PRIMARY KEY,
  audit_id INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  ip TEXT NOT NULL,
  manufacturer TEXT, brand TEXT, model TEXT, firmware TEXT, serial TEXT, mac TEXT, device_type TEXT,
  record TEXT NOT NULL,
  UNIQUE(audit_id, key));
CREATE TABLE findings(
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  finding_id TEXT NOT NULL,
  severity TEXT NOT NULL,
  verdict TEXT NOT NULL);
CREATE INDEX findings_by_device ON findings(device_id);
)sql";

// Register rows (imports) and the indexes that device identity across audits and
// finding queries use.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE register_rows(
  id INTEGER PRIMARY KEY,
  audit_id INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
  row INTEGER NOT NULL,
  source TEXT NOT NULL,
  fields TEXT NOT NULL);
CREATE INDEX register_rows_by_audit ON register_rows(audit_id);
CREATE INDEX devices_by_mac ON devices(mac) WHERE mac IS NOT NULL;
CREATE INDEX devices_by_serial ON devices(serial) WHERE serial IS NOT NULL;
CREATE INDEX findings_by_id ON findings(kind, finding_id);
)sql";

// Whether each device was assessed, as a column, so `diff` can read devices without
// parsing their records (a device assessed with no findings has resolved them all); an
// index that yields an audit's devices in id order (no sort of the devices x findings join).
constexpr std::string_view kV3 = R"sql(
ALTER TABLE devices ADD COLUMN assessed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX devices_by_audit ON devices(audit_id);
UPDATE devices SET assessed = (json_extract(record, '$.findings') IS NOT NULL OR json_extract(record, '$.rights') IS NOT NULL);
)sql";

constexpr std::array<Migration, 3> kMigrations{{
    {1, "organisations, sites, audits, observations, devices, findings", kV1},
    {2, "register rows; indexes for identity (mac, serial) and finding queries", kV2},
    {3, "devices.assessed, so diff reads devices without their records", kV3},
}};
}  // namespace

std::span<const Migration> migrations() { return kMigrations; }
int schema_version() { return kMigrations.back().version; }

}  // namespace camaudit::store::sqlite
