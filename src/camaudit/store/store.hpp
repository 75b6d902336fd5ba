// SPDX-License-Identifier: Apache-2.0
// The inventory: every audit kept, as LevelDB keeps its data behind db.h — one small
// abstract interface, backends under it (store/sqlite/, later store/postgres/), one
// conformance test suite run against each.
//
// Writes stream in batches as hosts finish: a batch is one transaction, so after a
// crash (kill -9) the store holds exactly the hosts whose batch committed, and an
// audit that did not end says `running` until it is resumed or marked interrupted.
// Writing a host again (a resumed scan re-probes the hosts after its last checkpoint)
// replaces what the audit held for it: no host is ever stored twice.
#pragma once

#include <camaudit/core/audit_record.hpp>
#include <camaudit/core/device_record.hpp>
#include <camaudit/core/observation.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace camaudit::store {

// Every store failure a person must act on: corrupt or foreign file, newer schema,
// read-only path, full disk, lost connection. The message names the store.
struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One row of an imported asset register (issue 13), kept as read: which file, which
// row, and its columns by header name.
struct RegisterRow {
  std::size_t row = 0;  // 1-based row number in the source
  std::string source;   // file name (or sheet) it came from
  nlohmann::json fields = nlohmann::json::object();
  friend bool operator==(const RegisterRow&, const RegisterRow&) = default;
};

class Store {
 public:
  virtual ~Store() = default;

  // Opens a store: a file path (SQLite, created when missing) or "postgresql://..."
  // (when that backend is built). Throws StoreError; never damages an existing file it
  // refuses (foreign, corrupt, newer schema).
  static std::unique_ptr<Store> open(const std::string& where);
  // $XDG_DATA_HOME/camaudit/inventory.db (or ~/.local/share/camaudit/inventory.db).
  static std::string default_path();

  // Where the store is, for messages ("/home/a/.local/share/camaudit/inventory.db").
  virtual std::string where() const = 0;

  // Records a new audit (status running); returns its id. Its organisation and site
  // are recorded once and shared by every audit that names them.
  virtual AuditId begin_audit(const AuditRecord& audit) = 0;
  // Continues an audit that did not end (`scan --resume`): status back to running,
  // same id, same rows. Throws StoreError when there is no such audit.
  virtual AuditRecord resume_audit(AuditId audit) = 0;
  // One batch in one transaction: the observations and devices of finished hosts.
  // For each device in the batch, the audit's earlier row with the same key is
  // replaced (with its findings), and so are that key's earlier observations when the
  // batch carries observations for it. Observations whose key has no device in the
  // batch are appended (identification writes devices after reading every line).
  virtual void write(AuditId audit, std::span<const Observation> observations,
                     std::span<const DeviceRecord> devices) = 0;
  virtual void write_register_rows(AuditId audit, std::span<const RegisterRow> rows) = 0;
  // Copies every observation of `from` into `to` inside the store (reidentify: the
  // derived audit holds its own evidence, so it can be exported or re-run alone).
  virtual void copy_observations(AuditId from, AuditId to) = 0;
  // Sets how the audit ended (complete, interrupted, failed) and when.
  virtual void end_audit(AuditId audit, AuditStatus status, const std::string& ended_at) = 0;

  // Reading back. Audits newest first, with their counts filled in.
  virtual std::vector<AuditRecord> audits() = 0;
  virtual std::optional<AuditRecord> audit(AuditId audit) = 0;
  virtual void for_each_device(AuditId audit, const std::function<void(DeviceRecord&&)>& visit) = 0;
  // The devices as `diff` needs them, without parsing each full record: key, ip,
  // manufacturer, brand, model, firmware, serial, MAC and type, and each finding's kind,
  // id, severity and verdict, and whether it was assessed (no evidence, claims,
  // summaries or details). In the order of for_each_device.
  virtual void for_each_device_brief(AuditId audit, const std::function<void(DeviceRecord&&)>& visit) = 0;
  virtual void for_each_observation(AuditId audit, const std::function<void(Observation&&)>& visit) = 0;
  virtual void for_each_register_row(AuditId audit, const std::function<void(RegisterRow&&)>& visit) = 0;
  // One device by its key (the ip unless the source named it).
  virtual std::optional<DeviceRecord> device(AuditId audit, const std::string& key) = 0;

  // Integrity problems found (empty: healthy). `camaudit store check`.
  virtual std::vector<std::string> check() = 0;
};

}  // namespace camaudit::store
