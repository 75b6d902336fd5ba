// SPDX-License-Identifier: Apache-2.0
// The SQLite backend: the conformance suite, then what only a file can get wrong —
// migrations from the previous schema, and files refused without being touched.
#include <camaudit/store/sqlite/schema.hpp>
#include <camaudit/store/sqlite/sqlite_store.hpp>
#include <camaudit/store/testing/conformance.hpp>
#include <camaudit/store/testing/records.hpp>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace camaudit::store::sqlite {
namespace {

namespace fs = std::filesystem;
using testing::fresh_folder;
using testing::sample_audit;
using testing::sample_device;

std::unique_ptr<Store> open_sqlite(const fs::path& folder) {
  fs::create_directories(folder);
  return Store::open((folder / "inventory.db").string());
}

using testing::StoreConformance;
INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance, ::testing::Values(testing::Backend{"sqlite", open_sqlite}));

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void put(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

// Runs SQL on a file with the plain SQLite API (fixtures made without the store).
void raw_sql(const fs::path& p, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(p.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}
std::string raw_text(const fs::path& p, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(p.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

class SqliteFile : public ::testing::Test {
 protected:
  void SetUp() override { m_folder = fresh_folder("sqlite"); }
  void TearDown() override {
    fs::permissions(m_folder, fs::perms::owner_all);
    fs::remove_all(m_folder);
  }
  fs::path db() const { return m_folder / "inventory.db"; }
  // Opening must throw a StoreError whose message holds `expected`, and leave the file's
  // bytes exactly as they were.
  void expect_refused(const std::string& expected) {
    std::string before = bytes_of(db());
    try {
      Store::open(db().string());
      ADD_FAILURE() << "opened " << db();
    } catch (const StoreError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
    EXPECT_TRUE(bytes_of(db()) == before) << "the refused file was changed";
    EXPECT_FALSE(fs::exists(db().string() + "-wal"));
  }
  fs::path m_folder;
};

// Schema version 1 exactly as it was released: written out here, not taken from
// schema.cpp, so the migration is tested against the old file and not against itself.
constexpr const char* kSchemaV1Fixture = R"sql(
CREATE TABLE organisations(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE sites(id INTEGER PRIMARY KEY, organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL, UNIQUE(organisation_id, name));
CREATE TABLE audits(id INTEGER PRIMARY KEY, site_id INTEGER REFERENCES sites(id), command TEXT NOT NULL,
  started_at TEXT NOT NULL, ended_at TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK(status IN ('running', 'complete', 'interrupted', 'failed')),
  targets TEXT NOT NULL, options TEXT NOT NULL, camaudit_version TEXT NOT NULL, kb_digest TEXT NOT NULL,
  profile TEXT NOT NULL, source TEXT NOT NULL, derived_from INTEGER REFERENCES audits(id));
CREATE TABLE observations(id INTEGER PRIMARY KEY, audit_id INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, device TEXT NOT NULL, ip TEXT NOT NULL, port INTEGER NOT NULL, transport TEXT NOT NULL,
  protocol TEXT NOT NULL, path TEXT NOT NULL, payload BLOB NOT NULL, source TEXT NOT NULL, make TEXT NOT NULL,
  model TEXT NOT NULL);
CREATE INDEX observations_by_device ON observations(audit_id, device);
CREATE TABLE devices(id INTEGER PRIMARY KEY, audit_id INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
  key TEXT NOT NULL, ip TEXT NOT NULL, manufacturer TEXT, brand TEXT, model TEXT, firmware TEXT, serial TEXT,
  mac TEXT, device_type TEXT, record TEXT NOT NULL, UNIQUE(audit_id, key));
CREATE TABLE findings(id INTEGER PRIMARY KEY, device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  kind TEXT NOT NULL, finding_id TEXT NOT NULL, severity TEXT NOT NULL, verdict TEXT NOT NULL);
CREATE INDEX findings_by_device ON findings(device_id);
INSERT INTO organisations VALUES(1, 'Old Org');
INSERT INTO sites VALUES(1, 1, 'Depot');
INSERT INTO audits VALUES(1, 1, 'scan', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z', 'complete',
  '["127.0.0.0/24"]', '{}', '0.0.9', 'sha256:old', '{}', '{}', NULL);
INSERT INTO observations VALUES(1, 1, 0, '127.0.0.5', '127.0.0.5', 80, 'tcp', 'http', '/', X'48545450', 'http', '', '');
INSERT INTO devices VALUES(1, 1, '127.0.0.5', '127.0.0.5', 'Axis', NULL, 'P3245-V', '9.80.1', NULL, NULL, 'camera',
  '{"device":"127.0.0.5","ip":"127.0.0.5","manufacturer":"Axis","model":"P3245-V","firmware":"9.80.1","device_type":"camera"}');
PRAGMA application_id = 1128353089;
PRAGMA user_version = 1;
)sql";

TEST_F(SqliteFile, MigratesAStoreMadeByTheFirstSchema) {
  raw_sql(db(), kSchemaV1Fixture);
  auto store = std::make_unique<SqliteStore>(db().string());
  EXPECT_EQ(store->schema_version(), schema_version());
  auto audits = store->audits();
  ASSERT_EQ(audits.size(), 1u);
  EXPECT_EQ(audits[0].organisation, "Old Org");
  EXPECT_EQ(audits[0].devices, 1u);
  EXPECT_EQ(audits[0].observations, 1u);
  auto device = store->device(1, "127.0.0.5");
  ASSERT_TRUE(device);
  EXPECT_EQ(device->model, "P3245-V");
  std::vector<DeviceRecord> brief;
  store->for_each_device_brief(1, [&](DeviceRecord&& d) { brief.push_back(std::move(d)); });
  ASSERT_EQ(brief.size(), 1u);
  EXPECT_EQ(brief[0].model, "P3245-V");
  EXPECT_FALSE(brief[0].assessed) << "version 3's assessed column, filled from the record";
  std::vector<Observation> obs;
  store->for_each_observation(1, [&](Observation&& o) { obs.push_back(o); });
  ASSERT_EQ(obs.size(), 1u);
  EXPECT_EQ(obs[0].payload, "HTTP");
  // What version 2 added works on the migrated file.
  store->write_register_rows(1, std::vector<RegisterRow>{{1, "old.csv", {{"a", "b"}}}});
  EXPECT_TRUE(store->check().empty());
  store.reset();
  EXPECT_EQ(raw_text(db(), "SELECT name FROM sqlite_master WHERE name = 'devices_by_mac'"), "devices_by_mac");
}

TEST_F(SqliteFile, NewStoreUsesWalForeignKeysAndTheCurrentSchema) {
  auto store = std::make_unique<SqliteStore>(db().string());
  EXPECT_EQ(store->schema_version(), schema_version());
  store.reset();
  EXPECT_EQ(raw_text(db(), "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw_text(db(), "PRAGMA application_id"), std::to_string(kApplicationId));
}

TEST_F(SqliteFile, MigrationsAreNumberedInOrder) {
  int expected = 1;
  for (const Migration& m : migrations()) {
    EXPECT_EQ(m.version, expected++);
    EXPECT_FALSE(m.why.empty());
  }
}

TEST_F(SqliteFile, RefusesAForeignFile) {
  put(db(), "ip,make,model\n127.0.0.1,Hikvision,DS-2CD2143G2-I\n" + std::string(200, 'x'));
  expect_refused("not a SQLite database");
}

TEST_F(SqliteFile, RefusesAnotherApplicationsDatabase) {
  raw_sql(db(), "CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places VALUES(1, 'x');");
  expect_refused("another application");
}

TEST_F(SqliteFile, RefusesANewerSchema) {
  { SqliteStore make(db().string()); }
  raw_sql(db(), "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;");
  expect_refused("schema version 99 is newer");
}

TEST_F(SqliteFile, RefusesACorruptStore) {
  {
    SqliteStore make(db().string());
    AuditId id = make.begin_audit(sample_audit());
    auto d = sample_device(0);
    make.write(id, {}, std::span(&d, 1));
  }
  raw_sql(db(), "PRAGMA journal_mode = DELETE;");
  std::string bytes = bytes_of(db());
  ASSERT_GT(bytes.size(), 4096u);
  // Keep the 100-byte header, overwrite the schema table's page: SQLite reads it on open.
  for (std::size_t i = 100; i < 4096; ++i) bytes[i] = static_cast<char>(0xA5 ^ (i * 7));
  put(db(), bytes);
  expect_refused("left untouched");
}

TEST_F(SqliteFile, RefusesAMissingFolder) {
  EXPECT_THROW(Store::open((m_folder / "no" / "such" / "inventory.db").string()), StoreError);
  EXPECT_FALSE(fs::exists(m_folder / "no"));
}

// Root may write anywhere, so a read-only file is tested as an unprivileged user in a
// child process; its exit status says what it saw.
int open_as_nobody(const std::string& path) {
  pid_t child = ::fork();
  if (child == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    try {
      Store::open(path);
      ::_exit(0);
    } catch (const StoreError& e) {
      ::_exit(std::string(e.what()).find("read-only") != std::string::npos ? 1 : 2);
    }
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(SqliteFile, RefusesAReadOnlyFile) {
  { SqliteStore make(db().string()); }
  fs::permissions(m_folder, fs::perms::all);  // the folder is writable; only the file is not
  fs::permissions(db(), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  std::string before = bytes_of(db());
  EXPECT_EQ(open_as_nobody(db().string()), 1);
  EXPECT_TRUE(bytes_of(db()) == before) << "the refused file was changed";
}

TEST_F(SqliteFile, RefusesAReadOnlyFolder) {
  fs::permissions(m_folder, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  EXPECT_EQ(open_as_nobody(db().string()), 1);
  EXPECT_FALSE(fs::exists(db()));
}

TEST_F(SqliteFile, AFullDiskFailsTheBatchWhollyAndKeepsTheStore) {
  SqliteStore store(db().string());
  AuditId id = store.begin_audit(sample_audit());
  std::vector<DeviceRecord> first{sample_device(0), sample_device(1)};
  store.write(id, {}, first);
  std::int64_t pages = std::stoll(raw_text(db(), "PRAGMA page_count"));
  store.limit_pages(pages + 2);
  std::vector<DeviceRecord> big;
  for (std::size_t i = 10; i < 400; ++i) big.push_back(sample_device(i));
  try {
    store.write(id, {}, big);
    FAIL() << "a write larger than the limit succeeded";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("full"), std::string::npos) << e.what();
  }
  std::vector<DeviceRecord> back;
  store.for_each_device(id, [&](DeviceRecord&& d) { back.push_back(std::move(d)); });
  EXPECT_EQ(back, first);  // nothing of the failed batch, everything before it
  EXPECT_TRUE(store.check().empty());
  store.limit_pages(1 << 30);  // space again: the store carries on
  store.write(id, {}, big);
  EXPECT_EQ(store.audit(id)->devices, 2u + big.size());
}

TEST(StorePath, DefaultFollowsXdgDataHome) {
  const char* saved = std::getenv("XDG_DATA_HOME");
  std::string keep = saved ? saved : "";
  ::setenv("XDG_DATA_HOME", "/srv/data", 1);
  EXPECT_EQ(Store::default_path(), "/srv/data/camaudit/inventory.db");
  ::setenv("XDG_DATA_HOME", "relative/ignored", 1);
  EXPECT_TRUE(Store::default_path().ends_with("/.local/share/camaudit/inventory.db"));
  if (saved) ::setenv("XDG_DATA_HOME", keep.c_str(), 1); else ::unsetenv("XDG_DATA_HOME");
}

TEST(StorePath, PostgresNotBuiltIsAClearError) {
  try {
    Store::open("postgresql://localhost/camaudit");
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("PostgreSQL"), std::string::npos);
  }
}

}  // namespace
}  // namespace camaudit::store::sqlite
