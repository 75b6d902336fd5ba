// SPDX-License-Identifier: Apache-2.0
#include <camaudit/app/store_options.hpp>
#include <camaudit/util/text.hpp>

#include <fmt/format.h>

#include <charconv>
#include <ctime>
#include <filesystem>

namespace camaudit::app {

void StoreOptions::add_to(CLI::App& command) {
  command.add_option("--store", path, "the inventory database (default: $XDG_DATA_HOME/camaudit/inventory.db)");
}

std::unique_ptr<store::Store> StoreOptions::open() const {
  if (!path.empty()) return store::Store::open(path);
  std::string where = store::Store::default_path();
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(where).parent_path(), ec);
  if (ec) throw store::StoreError("store " + where + ": cannot create its folder: " + ec.message());
  return store::Store::open(where);
}

AuditId resolve_audit(store::Store& store, const std::string& spec) {
  if (spec == "latest") {
    auto all = store.audits();
    if (all.empty()) throw store::StoreError("store " + store.where() + " holds no audits yet");
    return all.front().id;
  }
  AuditId id = 0;
  auto [end, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), id);
  if (ec != std::errc() || end != spec.data() + spec.size() || id <= 0)
    throw store::StoreError("'" + spec + "' is not an audit id (a number from `camaudit audits`, or latest)");
  if (!store.audit(id)) throw store::StoreError("store " + store.where() + " has no audit " + spec + " (see `camaudit audits`)");
  return id;
}

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

std::string printable(std::string_view text) {
  std::string out;
  for (char c : util::to_valid_utf8(text)) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      out += fmt::format("\\x{:02x}", u);
    else
      out.push_back(c);
  }
  return out;
}

std::string printable(const std::optional<std::string>& text) { return text ? printable(*text) : "-"; }

}  // namespace camaudit::app
