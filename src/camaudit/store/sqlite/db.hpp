// SPDX-License-Identifier: Apache-2.0
// A thin RAII layer over the SQLite C API, so the backend reads as SQL and not as
// error-code plumbing: a connection, a prepared statement with typed binds and column
// reads, and a transaction that rolls back unless committed. Every SQLite error becomes
// a StoreError naming the database file and what was being done.
#pragma once

#include <camaudit/store/store.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace camaudit::store::sqlite {

class Db;

class Statement {
 public:
  Statement(Db& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds are 1-based, as in SQL's ?1, ?2 ...
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view text);
  Statement& bind(int i, const std::optional<std::string>& text);  // nullopt -> NULL
  Statement& bind_blob(int i, std::string_view bytes);
  Statement& bind_null(int i);

  bool step();  // true: a row is ready; false: done. Throws StoreError.
  void run();   // step() to the end, then reset() for the next use
  void reset();

  std::int64_t integer(int column) const;
  double real(int column) const;
  std::string text(int column) const;  // NULL -> ""
  bool is_null(int column) const;

 private:
  Db& m_db;
  sqlite3_stmt* m_stmt = nullptr;
};

class Db {
 public:
  // Opens an existing file or creates one (`create`); never creates a missing folder.
  Db(const std::string& path, bool create);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(std::string_view sql);  // one or more statements, no results
  std::int64_t pragma_integer(std::string_view pragma);
  std::int64_t last_insert_id() const;
  std::int64_t changes() const;  // rows changed by the last statement
  bool read_only() const;
  const std::string& path() const { return m_path; }
  sqlite3* handle() { return m_db; }

  // A StoreError naming this database, the action and SQLite's message for `code`.
  [[noreturn]] void fail(int code, std::string_view action) const;

 private:
  std::string m_path;
  sqlite3* m_db = nullptr;
};

// BEGIN IMMEDIATE (so a writer waits for, rather than deadlocks with, another writer),
// ROLLBACK in the destructor unless commit() ran.
class Transaction {
 public:
  explicit Transaction(Db& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Db& m_db;
  bool m_done = false;
};

}  // namespace camaudit::store::sqlite
