// SPDX-License-Identifier: Apache-2.0
#include <camaudit/store/jsonl.hpp>

#include <camaudit/util/codec.hpp>
#include <camaudit/util/text.hpp>

#include <istream>
#include <map>
#include <set>
#include <ostream>

namespace camaudit::store {

using nlohmann::json;

namespace {
constexpr std::size_t kBatch = 512;

std::string line_of(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"; }

std::string text(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string()) throw std::invalid_argument(std::string("observation.") + key + ": not a string");
  return it->get<std::string>();
}
}  // namespace

json to_json(const Observation& o) {
  json j = {{"index", o.index}, {"device", o.device}, {"ip", o.ip}, {"port", o.port}, {"transport", o.transport},
            {"protocol", o.protocol}, {"path", o.path}, {"source", o.source}, {"make", o.make}, {"model", o.model}};
  bool clean = o.payload.find('\0') == std::string::npos && util::to_valid_utf8(o.payload) == o.payload;
  if (clean)
    j["data"] = o.payload;
  else
    j["data_b64"] = util::base64_encode(o.payload);
  return j;
}

Observation observation_from_json(const json& j) {
  if (!j.is_object()) throw std::invalid_argument("observation: not an object");
  Observation o;
  if (auto it = j.find("index"); it != j.end()) {
    if (!it->is_number_unsigned()) throw std::invalid_argument("observation.index: not a count");
    o.index = it->get<std::size_t>();
  }
  if (auto it = j.find("port"); it != j.end() && !it->is_null()) {
    if (!it->is_number_unsigned() || it->get<std::uint64_t>() > 65535)
      throw std::invalid_argument("observation.port: not a port number");
    o.port = it->get<std::uint16_t>();
  }
  o.device = text(j, "device");
  o.ip = text(j, "ip");
  o.transport = text(j, "transport");
  o.protocol = text(j, "protocol");
  o.path = text(j, "path");
  o.source = text(j, "source");
  o.make = text(j, "make");
  o.model = text(j, "model");
  if (j.contains("data_b64")) {
    auto bytes = util::base64_decode(text(j, "data_b64"));
    if (!bytes) throw std::invalid_argument("observation.data_b64: not base64");
    o.payload = std::move(*bytes);
  } else {
    o.payload = text(j, "data");
  }
  return o;
}

namespace {
void export_audit(Store& store, const AuditRecord& a, std::ostream& out, Counts& n) {
  out << line_of({{"type", "audit"}, {"audit", to_json(a)}});
  ++n.audits;
  store.for_each_observation(a.id, [&](Observation&& o) {
    out << line_of({{"type", "observation"}, {"audit", a.id}, {"observation", to_json(o)}});
    ++n.observations;
  });
  store.for_each_device(a.id, [&](DeviceRecord&& d) {
    out << line_of({{"type", "device"}, {"audit", a.id}, {"device", to_json(d)}});
    ++n.devices;
  });
  store.for_each_register_row(a.id, [&](RegisterRow&& r) {
    out << line_of({{"type", "register_row"}, {"audit", a.id},
                    {"row", {{"row", r.row}, {"source", r.source}, {"fields", r.fields}}}});
    ++n.register_rows;
  });
}
}  // namespace

Counts export_jsonl(Store& store, std::ostream& out, std::optional<AuditId> only) {
  Counts n;
  std::vector<AuditRecord> audits = store.audits();
  for (auto it = audits.rbegin(); it != audits.rend(); ++it)
    if (!only || it->id == *only) export_audit(store, *it, out, n);
  if (only && n.audits == 0) throw StoreError("store " + store.where() + ": no audit " + std::to_string(*only));
  if (!out) throw StoreError("store export: write failed");
  return n;
}

namespace {
// One parsed line of an export.
struct Item {
  std::string type;
  AuditId audit = 0;
  AuditRecord audit_record;
  Observation observation;
  DeviceRecord device;
  RegisterRow row;
};

Item parse_item(const std::string& line) {
  json j = json::parse(line);  // throws json::parse_error
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string()) throw std::invalid_argument("no \"type\"");
  Item item;
  item.type = j["type"].get<std::string>();
  if (item.type == "audit") {
    item.audit_record = audit_record_from_json(j.at("audit"));
    return item;
  }
  if (!j.contains("audit") || !j["audit"].is_number_integer()) throw std::invalid_argument("no \"audit\" id");
  item.audit = j["audit"].get<AuditId>();
  if (item.type == "observation") {
    item.observation = observation_from_json(j.at("observation"));
  } else if (item.type == "device") {
    item.device = device_record_from_json(j.at("device"));
  } else if (item.type == "register_row") {
    const json& r = j.at("row");
    if (!r.is_object()) throw std::invalid_argument("row: not an object");
    item.row = RegisterRow{r.value("row", std::size_t{0}), r.value("source", std::string()),
                           r.value("fields", json::object())};
  } else {
    throw std::invalid_argument("unknown type \"" + item.type + "\"");
  }
  return item;
}

// Reads every line; calls `use` with each parsed item. Errors name the line.
void each_item(std::istream& in, const std::string& name, const std::function<void(Item&&)>& use) {
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (util::trim(line).empty()) continue;
    Item item;
    try {
      item = parse_item(line);
    } catch (const std::exception& e) {
      throw StoreError(name + ":" + std::to_string(number) + ": " + e.what());
    }
    use(std::move(item));
  }
  if (in.bad()) throw StoreError(name + ": read error");
}

// Writes the parsed items in batches of observations, devices and register rows.
class Importer {
 public:
  explicit Importer(Store& store) : m_store(store) {}
  void add(Item&& item);
  void flush();
  Imported result;

 private:
  Store& m_store;
  std::map<AuditId, AuditId> m_ids;  // id in the file -> new id
  AuditId m_current = 0;
  std::vector<Observation> m_observations;
  std::vector<DeviceRecord> m_devices;
  std::vector<RegisterRow> m_rows;
};

void Importer::add(Item&& item) {
  if (item.type == "audit") {
    flush();
    AuditRecord a = std::move(item.audit_record);
    if (a.derived_from) a.derived_from = m_ids.contains(*a.derived_from) ? std::optional(m_ids[*a.derived_from]) : std::nullopt;
    AuditId id = m_store.begin_audit(a);
    if (a.status != AuditStatus::running) m_store.end_audit(id, a.status, a.ended_at);
    m_ids[a.id] = id;
    result.audits.push_back(id);
    ++result.counts.audits;
    return;
  }
  AuditId id = m_ids.at(item.audit);
  if (id != m_current) flush();
  m_current = id;
  if (item.type == "observation") m_observations.push_back(std::move(item.observation)), ++result.counts.observations;
  if (item.type == "device") m_devices.push_back(std::move(item.device)), ++result.counts.devices;
  if (item.type == "register_row") m_rows.push_back(std::move(item.row)), ++result.counts.register_rows;
  if (m_observations.size() + m_devices.size() + m_rows.size() >= kBatch) flush();
}

void Importer::flush() {
  // Observations and devices go in separate writes: a write carrying both for one key
  // would replace that key's earlier observations (Store::write's re-scan rule).
  if (!m_observations.empty()) m_store.write(m_current, m_observations, {});
  if (!m_devices.empty()) m_store.write(m_current, {}, m_devices);
  if (!m_rows.empty()) m_store.write_register_rows(m_current, m_rows);
  m_observations.clear();
  m_devices.clear();
  m_rows.clear();
}
}  // namespace

Imported import_jsonl(Store& store, std::istream& in, const std::string& name) {
  // Pass 1: every line must parse, and name an audit given above it.
  std::set<AuditId> declared;
  each_item(in, name, [&](Item&& item) {
    if (item.type == "audit") declared.insert(item.audit_record.id);
    else if (!declared.contains(item.audit))
      throw StoreError(name + ": a " + item.type + " of audit " + std::to_string(item.audit) + " before that audit's line");
  });
  in.clear();
  in.seekg(0);
  if (!in) throw StoreError(name + ": cannot read it a second time (import needs a file, not a pipe)");
  // Pass 2: write. A failure here (disk full) marks the audits begun so far failed.
  Importer importer(store);
  try {
    each_item(in, name, [&](Item&& item) { importer.add(std::move(item)); });
    importer.flush();
  } catch (...) {
    for (AuditId id : importer.result.audits) {
      try {
        store.end_audit(id, AuditStatus::failed, "");
      } catch (const StoreError&) {  // the store is failing already; the first error is the one to report
      }
    }
    throw;
  }
  return std::move(importer.result);
}

}  // namespace camaudit::store
