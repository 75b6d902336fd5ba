// SPDX-License-Identifier: Apache-2.0
#include <camaudit/store/sqlite/sqlite_store.hpp>

#include <camaudit/core/json_line.hpp>

#include <camaudit/store/sqlite/db.hpp>
#include <camaudit/store/sqlite/schema.hpp>

#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <set>

namespace camaudit::store::sqlite {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {
// Device-supplied strings are valid UTF-8 by the time they are records, but a record
// built elsewhere may not be: replace bad bytes rather than fail the batch.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// The first 16 bytes of every SQLite 3 file.
constexpr std::string_view kMagic{"SQLite format 3\0", 16};

// Refuses a path before SQLite touches it: not a regular file, not SQLite, not writable.
void check_path(const std::string& path) {
  std::error_code ec;
  fs::path p(path);
  fs::path folder = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec))
    throw StoreError("store " + path + ": the folder " + folder.string() + " does not exist");
  if (fs::exists(p, ec)) {
    if (!fs::is_regular_file(p, ec)) throw StoreError("store " + path + ": not a regular file");
    std::ifstream in(p, std::ios::binary);
    std::string head(16, '\0');
    in.read(head.data(), 16);
    if (in.gcount() > 0 && (in.gcount() < 16 || head != kMagic))
      throw StoreError("store " + path + ": not a SQLite database (a foreign file); refused and left untouched");
    if (::access(path.c_str(), W_OK) != 0)
      throw StoreError("store " + path + ": the file is read-only; give a writable --store PATH");
  }
  // WAL keeps its -wal and -shm files beside the database: the folder must be writable.
  if (::access(folder.c_str(), W_OK) != 0)
    throw StoreError("store " + path + ": the folder " + folder.string() + " is read-only; give a writable --store PATH");
}

json parse_column(const std::string& text, const std::string& what) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw StoreError("store: damaged " + what + " (not JSON); run `camaudit store check`");
  return j;
}
}  // namespace

// Prepared once per store: a batch of 64 hosts runs these hundreds of times.
struct SqliteStore::Statements {
  Statement insert_observation, insert_device, insert_finding, delete_device, delete_observations;
  explicit Statements(Db& db)
      : insert_observation(db,
                           "INSERT INTO observations(audit_id, idx, device, ip, port, transport, protocol, path, "
                           "payload, source, make, model) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
        insert_device(db,
                      "INSERT INTO devices(audit_id, key, ip, manufacturer, brand, model, firmware, serial, mac, "
                      "device_type, record, assessed) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
        insert_finding(db, "INSERT INTO findings(device_id, kind, finding_id, severity, verdict) VALUES(?1, ?2, ?3, ?4, ?5)"),
        delete_device(db, "DELETE FROM devices WHERE audit_id = ?1 AND key = ?2"),
        delete_observations(db, "DELETE FROM observations WHERE audit_id = ?1 AND device = ?2") {}
};

SqliteStore::SqliteStore(const std::string& path) {
  check_path(path);
  m_db = std::make_unique<Db>(path, true);
  try {
    validate_existing();
  } catch (const StoreError& e) {
    std::string why = e.what();
    if (why.find("left untouched") == std::string::npos) why += "; refused and left untouched";
    throw StoreError(why);
  }
  // Only now, once the file is known to be ours (or new), does anything write to it.
  m_db->exec("PRAGMA foreign_keys = ON");
  {
    Statement wal(*m_db, "PRAGMA journal_mode = WAL");
    if (!wal.step() || wal.text(0) != "wal") throw StoreError("store " + path + ": cannot switch to WAL journaling");
  }
  m_db->exec("PRAGMA synchronous = FULL");
  migrate();
  m_st = std::make_unique<Statements>(*m_db);
}

SqliteStore::~SqliteStore() = default;

std::string SqliteStore::where() const { return m_db->path(); }

void SqliteStore::validate_existing() {
  const std::string& path = m_db->path();
  std::int64_t app = m_db->pragma_integer("application_id");
  std::int64_t version = m_db->pragma_integer("user_version");
  std::int64_t tables = 0;
  {
    Statement st(*m_db, "SELECT count(*) FROM sqlite_master");
    if (st.step()) tables = st.integer(0);
  }
  if (app != kApplicationId && !(app == 0 && tables == 0))
    throw StoreError("store " + path + ": a SQLite database of another application, not a camaudit store");
  if (version > sqlite::schema_version())
    throw StoreError("store " + path + ": schema version " + std::to_string(version) + " is newer than this camaudit (" +
                     std::to_string(sqlite::schema_version()) + "); use a newer camaudit");
  if (m_db->read_only()) throw StoreError("store " + path + ": opened read-only; give a writable --store PATH");
}

void SqliteStore::migrate() {
  for (const Migration& m : migrations()) {
    if (m.version <= m_db->pragma_integer("user_version")) continue;
    Transaction t(*m_db);
    m_db->exec(m.sql);
    m_db->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    m_db->exec("PRAGMA user_version = " + std::to_string(m.version));
    t.commit();
  }
}

int SqliteStore::schema_version() { return static_cast<int>(m_db->pragma_integer("user_version")); }

void SqliteStore::limit_pages(std::int64_t pages) { m_db->exec("PRAGMA max_page_count = " + std::to_string(pages)); }

std::int64_t SqliteStore::site_id(const AuditRecord& a) {
  if (a.organisation.empty() && a.site.empty()) return 0;
  Statement org(*m_db, "INSERT INTO organisations(name) VALUES(?1) ON CONFLICT(name) DO UPDATE SET name = name RETURNING id");
  org.bind(1, std::string_view(a.organisation));
  if (!org.step()) m_db->fail(0, "record the organisation");
  std::int64_t org_id = org.integer(0);
  org.reset();
  Statement site(*m_db,
                 "INSERT INTO sites(organisation_id, name) VALUES(?1, ?2) "
                 "ON CONFLICT(organisation_id, name) DO UPDATE SET name = name RETURNING id");
  site.bind(1, org_id).bind(2, std::string_view(a.site));
  if (!site.step()) m_db->fail(0, "record the site");
  std::int64_t id = site.integer(0);
  site.reset();
  return id;
}

AuditId SqliteStore::begin_audit(const AuditRecord& a) {
  Transaction t(*m_db);
  std::int64_t site = site_id(a);
  Statement st(*m_db,
               "INSERT INTO audits(site_id, command, started_at, ended_at, status, targets, options, camaudit_version, "
               "kb_digest, profile, source, derived_from) VALUES(?1, ?2, ?3, '', 'running', ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (site) st.bind(1, site);
  st.bind(2, std::string_view(a.command)).bind(3, std::string_view(a.started_at));
  st.bind(4, std::string_view(dump(a.targets))).bind(5, std::string_view(dump(a.options)));
  st.bind(6, std::string_view(a.camaudit_version)).bind(7, std::string_view(a.kb_digest));
  st.bind(8, std::string_view(dump(a.profile))).bind(9, std::string_view(dump(a.source)));
  if (a.derived_from) st.bind(10, *a.derived_from);
  st.run();
  AuditId id = m_db->last_insert_id();
  t.commit();
  return id;
}

AuditRecord SqliteStore::resume_audit(AuditId id) {
  Statement st(*m_db, "UPDATE audits SET status = 'running', ended_at = '' WHERE id = ?1");
  st.bind(1, id).run();
  std::optional<AuditRecord> a = m_db->changes() ? audit(id) : std::nullopt;
  if (!a) throw StoreError("store " + where() + ": no audit " + std::to_string(id) + " to resume");
  return *a;
}

void SqliteStore::end_audit(AuditId id, AuditStatus status, const std::string& ended_at) {
  Statement st(*m_db, "UPDATE audits SET status = ?2, ended_at = ?3 WHERE id = ?1");
  st.bind(1, id).bind(2, to_string(status)).bind(3, std::string_view(ended_at)).run();
  if (m_db->changes() == 0) throw StoreError("store " + where() + ": no audit " + std::to_string(id));
}

void SqliteStore::insert_device(AuditId audit, const DeviceRecord& d) {
  Statement& st = m_st->insert_device;
  st.bind(1, audit).bind(2, std::string_view(d.key)).bind(3, std::string_view(d.ip));
  st.bind(4, d.manufacturer).bind(5, d.brand).bind(6, d.model).bind(7, d.firmware);
  st.bind(8, d.serial).bind(9, d.mac).bind(10, d.device_type).bind(11, std::string_view(to_json_line(d)));
  st.bind(12, static_cast<std::int64_t>(d.assessed));
  st.run();
  std::int64_t device_id = m_db->last_insert_id();
  for (const Finding& f : d.findings) {
    Statement& fs_ = m_st->insert_finding;
    fs_.bind(1, device_id).bind(2, to_string(f.kind)).bind(3, std::string_view(f.id));
    fs_.bind(4, to_string(f.severity)).bind(5, std::string_view(f.verdict)).run();
  }
}

void SqliteStore::write(AuditId audit, std::span<const Observation> observations, std::span<const DeviceRecord> devices) {
  std::set<std::string> observed;
  for (const Observation& o : observations) observed.insert(o.key());
  Transaction t(*m_db);
  for (const DeviceRecord& d : devices) {
    m_st->delete_device.bind(1, audit).bind(2, std::string_view(d.key)).run();
    if (observed.contains(d.key)) m_st->delete_observations.bind(1, audit).bind(2, std::string_view(d.key)).run();
  }
  for (const Observation& o : observations) {
    Statement& st = m_st->insert_observation;
    st.bind(1, audit).bind(2, static_cast<std::int64_t>(o.index)).bind(3, std::string_view(o.key()));
    st.bind(4, std::string_view(o.ip)).bind(5, std::int64_t{o.port}).bind(6, std::string_view(o.transport));
    st.bind(7, std::string_view(o.protocol)).bind(8, std::string_view(o.path)).bind_blob(9, o.payload);
    st.bind(10, std::string_view(o.source)).bind(11, std::string_view(o.make)).bind(12, std::string_view(o.model));
    st.run();
  }
  for (const DeviceRecord& d : devices) insert_device(audit, d);
  t.commit();
}

void SqliteStore::write_register_rows(AuditId audit, std::span<const RegisterRow> rows) {
  Transaction t(*m_db);
  Statement st(*m_db, "INSERT INTO register_rows(audit_id, row, source, fields) VALUES(?1, ?2, ?3, ?4)");
  for (const RegisterRow& r : rows) {
    st.bind(1, audit).bind(2, static_cast<std::int64_t>(r.row)).bind(3, std::string_view(r.source));
    st.bind(4, std::string_view(dump(r.fields))).run();
  }
  t.commit();
}

void SqliteStore::copy_observations(AuditId from, AuditId to) {
  Transaction t(*m_db);
  Statement st(*m_db,
               "INSERT INTO observations(audit_id, idx, device, ip, port, transport, protocol, path, payload, source, make, "
               "model) SELECT ?2, idx, device, ip, port, transport, protocol, path, payload, source, make, model "
               "FROM observations WHERE audit_id = ?1 ORDER BY id");
  st.bind(1, from).bind(2, to).run();
  t.commit();
}

std::vector<AuditRecord> SqliteStore::select_audits(const std::string& where_clause, std::optional<AuditId> id) {
  Statement st(*m_db,
               "SELECT a.id, coalesce(o.name, ''), coalesce(s.name, ''), a.command, a.started_at, a.ended_at, a.status, "
               "a.targets, a.options, a.camaudit_version, a.kb_digest, a.profile, a.source, a.derived_from, "
               "(SELECT count(*) FROM devices d WHERE d.audit_id = a.id), "
               "(SELECT count(*) FROM observations b WHERE b.audit_id = a.id), "
               "(SELECT count(*) FROM findings f JOIN devices d ON f.device_id = d.id WHERE d.audit_id = a.id) "
               "FROM audits a LEFT JOIN sites s ON a.site_id = s.id LEFT JOIN organisations o ON s.organisation_id = o.id " +
                   where_clause + " ORDER BY a.id DESC");
  if (id) st.bind(1, *id);
  std::vector<AuditRecord> out;
  while (st.step()) {
    AuditRecord a;
    a.id = st.integer(0);
    a.organisation = st.text(1);
    a.site = st.text(2);
    a.command = st.text(3);
    a.started_at = st.text(4);
    a.ended_at = st.text(5);
    a.status = audit_status_from_string(st.text(6)).value_or(AuditStatus::failed);
    a.targets = parse_column(st.text(7), "audit targets");
    a.options = parse_column(st.text(8), "audit options");
    a.camaudit_version = st.text(9);
    a.kb_digest = st.text(10);
    a.profile = parse_column(st.text(11), "audit profile");
    a.source = parse_column(st.text(12), "audit source");
    if (!st.is_null(13)) a.derived_from = st.integer(13);
    a.devices = static_cast<std::size_t>(st.integer(14));
    a.observations = static_cast<std::size_t>(st.integer(15));
    a.findings = static_cast<std::size_t>(st.integer(16));
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<AuditRecord> SqliteStore::audits() { return select_audits("", std::nullopt); }

std::optional<AuditRecord> SqliteStore::audit(AuditId id) {
  auto found = select_audits("WHERE a.id = ?1", id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

namespace {
DeviceRecord record_from(const std::string& text) {
  try {
    return device_record_from_json(parse_column(text, "device record"));
  } catch (const std::invalid_argument& e) {
    throw StoreError(std::string("store: damaged device record: ") + e.what());
  }
}
}  // namespace

void SqliteStore::for_each_device(AuditId audit, const std::function<void(DeviceRecord&&)>& visit) {
  Statement st(*m_db, "SELECT record FROM devices WHERE audit_id = ?1 ORDER BY id");
  st.bind(1, audit);
  while (st.step()) visit(record_from(st.text(0)));
}

// One pass over the devices joined with their findings (a LEFT JOIN, ordered by device
// then finding): rows of one device are consecutive.
void SqliteStore::for_each_device_brief(AuditId audit, const std::function<void(DeviceRecord&&)>& visit) {
  Statement st(*m_db,
               "SELECT d.id, d.key, d.ip, d.manufacturer, d.brand, d.model, d.firmware, d.serial, d.mac, d.device_type, "
               "d.assessed, f.kind, f.finding_id, f.severity, f.verdict "
               "FROM devices d LEFT JOIN findings f ON f.device_id = d.id WHERE d.audit_id = ?1 ORDER BY d.id, f.id");
  st.bind(1, audit);
  auto optional = [&](int column) { return st.is_null(column) ? std::nullopt : std::optional<std::string>(st.text(column)); };
  std::optional<DeviceRecord> current;
  std::int64_t current_id = -1;
  while (st.step()) {
    if (st.integer(0) != current_id) {
      if (current) visit(std::move(*current));
      current_id = st.integer(0);
      current.emplace();
      current->key = st.text(1);
      current->ip = st.text(2);
      current->manufacturer = optional(3);
      current->brand = optional(4);
      current->model = optional(5);
      current->firmware = optional(6);
      current->serial = optional(7);
      current->mac = optional(8);
      current->device_type = optional(9);
      current->assessed = st.integer(10) != 0;
    }
    if (st.is_null(11)) continue;
    Finding f;
    f.kind = finding_kind_from_string(st.text(11)).value_or(FindingKind::policy);
    f.id = st.text(12);
    f.severity = severity_from_string(st.text(13)).value_or(Severity::info);
    f.verdict = st.text(14);
    current->findings.push_back(std::move(f));
  }
  if (current) visit(std::move(*current));
}

std::optional<DeviceRecord> SqliteStore::device(AuditId audit, const std::string& key) {
  Statement st(*m_db, "SELECT record FROM devices WHERE audit_id = ?1 AND key = ?2");
  st.bind(1, audit).bind(2, std::string_view(key));
  if (!st.step()) return std::nullopt;
  return record_from(st.text(0));
}

void SqliteStore::for_each_observation(AuditId audit, const std::function<void(Observation&&)>& visit) {
  Statement st(*m_db,
               "SELECT idx, device, ip, port, transport, protocol, path, payload, source, make, model "
               "FROM observations WHERE audit_id = ?1 ORDER BY id");
  st.bind(1, audit);
  while (st.step()) {
    Observation o;
    o.index = static_cast<std::size_t>(st.integer(0));
    o.device = st.text(1);
    o.ip = st.text(2);
    o.port = static_cast<std::uint16_t>(st.integer(3));
    o.transport = st.text(4);
    o.protocol = st.text(5);
    o.path = st.text(6);
    o.payload = st.text(7);
    o.source = st.text(8);
    o.make = st.text(9);
    o.model = st.text(10);
    visit(std::move(o));
  }
}

void SqliteStore::for_each_register_row(AuditId audit, const std::function<void(RegisterRow&&)>& visit) {
  Statement st(*m_db, "SELECT row, source, fields FROM register_rows WHERE audit_id = ?1 ORDER BY id");
  st.bind(1, audit);
  while (st.step())
    visit(RegisterRow{static_cast<std::size_t>(st.integer(0)), st.text(1), parse_column(st.text(2), "register row")});
}

std::vector<std::string> SqliteStore::check() {
  std::vector<std::string> problems;
  Statement integrity(*m_db, "PRAGMA integrity_check");
  while (integrity.step())
    if (std::string line = integrity.text(0); line != "ok") problems.push_back("integrity: " + line);
  Statement keys(*m_db, "PRAGMA foreign_key_check");
  while (keys.step())
    problems.push_back("foreign key: " + keys.text(0) + " row " + std::to_string(keys.integer(1)) + " refers to a missing " +
                       keys.text(2) + " row");
  Statement records(*m_db, "SELECT id, audit_id FROM devices WHERE NOT json_valid(record)");
  while (records.step())
    problems.push_back("device row " + std::to_string(records.integer(0)) + " of audit " +
                       std::to_string(records.integer(1)) + ": its record is not valid JSON");
  return problems;
}

}  // namespace camaudit::store::sqlite
