// SPDX-License-Identifier: Apache-2.0
#include <camaudit/store/sqlite/db.hpp>

#include <sqlite3.h>

#include <limits>

namespace camaudit::store::sqlite {

namespace {
// What a person should do about the error, beyond SQLite's own words.
std::string advice(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL: return " (the disk or the store's size limit is full; free space, then run the command again)";
    case SQLITE_READONLY: return " (the file or its folder is read-only; give a writable --store PATH)";
    case SQLITE_CANTOPEN: return " (the file or its folder cannot be opened; check the path and permissions)";
    case SQLITE_NOTADB: return " (this is not a SQLite database; give another --store PATH)";
    case SQLITE_CORRUPT: return " (the database is damaged; `camaudit store check` reports what, restore a copy)";
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return " (another camaudit process holds the store; wait for it or give another --store)";
    default: return "";
  }
}
}  // namespace

Db::Db(const std::string& path, bool create) : m_path(path) {
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
    sqlite3_close(m_db);
    m_db = nullptr;
    throw StoreError("store " + path + ": cannot open: " + message + advice(rc));
  }
  sqlite3_extended_result_codes(m_db, 1);
  // Another process writing the same store (a second scan): wait for it, don't fail.
  sqlite3_busy_timeout(m_db, 10000);
}

Db::~Db() { sqlite3_close_v2(m_db); }

void Db::fail(int code, std::string_view action) const {
  throw StoreError("store " + m_path + ": " + std::string(action) + ": " + sqlite3_errmsg(m_db) + advice(code));
}

void Db::exec(std::string_view sql) {
  std::string s(sql);
  if (int rc = sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, nullptr); rc != SQLITE_OK)
    fail(rc, s.size() > 60 ? s.substr(0, 60) + "..." : s);
}

std::int64_t Db::pragma_integer(std::string_view pragma) {
  Statement st(*this, "PRAGMA " + std::string(pragma));
  return st.step() ? st.integer(0) : 0;
}

std::int64_t Db::last_insert_id() const { return sqlite3_last_insert_rowid(m_db); }
std::int64_t Db::changes() const { return sqlite3_changes64(m_db); }
bool Db::read_only() const { return sqlite3_db_readonly(m_db, "main") == 1; }

Statement::Statement(Db& db, std::string_view sql) : m_db(db) {
  if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) db.fail(SQLITE_TOOBIG, "prepare");
  int rc = sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, "prepare " + std::string(sql.substr(0, 60)));
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bind(int i, std::int64_t v) {
  if (int rc = sqlite3_bind_int64(m_stmt, i, v); rc != SQLITE_OK) m_db.fail(rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, double v) {
  if (int rc = sqlite3_bind_double(m_stmt, i, v); rc != SQLITE_OK) m_db.fail(rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, std::string_view text) {
  int rc = sqlite3_bind_text64(m_stmt, i, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) m_db.fail(rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, const std::optional<std::string>& text) {
  return text ? bind(i, std::string_view(*text)) : bind_null(i);
}
Statement& Statement::bind_blob(int i, std::string_view bytes) {
  // A zero-length blob, not NULL: an empty payload is still a payload.
  int rc = sqlite3_bind_blob64(m_stmt, i, bytes.empty() ? "" : bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) m_db.fail(rc, "bind");
  return *this;
}
Statement& Statement::bind_null(int i) {
  if (int rc = sqlite3_bind_null(m_stmt, i); rc != SQLITE_OK) m_db.fail(rc, "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(m_stmt);
  m_db.fail(rc, "write");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
double Statement::real(int column) const { return sqlite3_column_double(m_stmt, column); }
bool Statement::is_null(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
std::string Statement::text(int column) const {
  // Blob access also reads TEXT without a UTF-8 conversion and keeps embedded NULs.
  const void* p = sqlite3_column_blob(m_stmt, column);
  int n = sqlite3_column_bytes(m_stmt, column);
  return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

Transaction::Transaction(Db& db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }
Transaction::~Transaction() {
  if (!m_done) sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}
void Transaction::commit() {
  m_db.exec("COMMIT");
  m_done = true;
}

}  // namespace camaudit::store::sqlite
