// SPDX-License-Identifier: Apache-2.0
#include <camaudit/app/diff_text.hpp>
#include <camaudit/app/store_options.hpp>

#include <fmt/format.h>

#include <ostream>

namespace camaudit::app {

namespace {
std::string who(const DeviceRecord& d) {
  std::string s = printable(d.key);
  if (d.manufacturer || d.model) s += "  " + printable(d.manufacturer) + " " + printable(d.model);
  if (d.firmware) s += "  " + printable(d.firmware);
  return s;
}

std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + printable(id);
  return out;
}

void print_change(std::ostream& out, const diff::DeviceChange& c, const DeviceRecord& a, const DeviceRecord& b) {
  out << "  " << who(b) << "  (matched by " << to_string(c.rule) << ")\n";
  if (c.moved) out << "      moved: " << printable(a.ip) << " -> " << printable(b.ip) << "\n";
  for (const diff::AttributeChange& x : c.changed)
    out << "      " << x.attribute << ": " << printable(x.from.empty() ? "(unknown)" : x.from) << " -> "
        << printable(x.to.empty() ? "(unknown)" : x.to) << "\n";
  if (!c.newly_vulnerable.empty()) out << "      newly vulnerable: " << joined(c.newly_vulnerable) << "\n";
  if (!c.newly_restricted.empty()) out << "      newly restricted: " << joined(c.newly_restricted) << "\n";
  if (!c.resolved.empty()) out << "      findings resolved: " << joined(c.resolved) << "\n";
}
}  // namespace

void print_diff(std::ostream& out, const diff::AuditDiff& d, std::span<const DeviceRecord> a,
                std::span<const DeviceRecord> b) {
  out << fmt::format("{} new, {} gone, {} changed, {} unchanged", d.added.size(), d.gone.size(), d.changes.size(),
                     d.unchanged);
  if (!d.ambiguous.empty()) out << ", " << d.ambiguous.size() << " ambiguous";
  out << "\n";
  if (!d.added.empty()) out << "\nnew:\n";
  for (std::size_t i : d.added) out << "  " << who(b[i]) << "\n";
  if (!d.gone.empty()) out << "\ngone:\n";
  for (std::size_t i : d.gone) out << "  " << who(a[i]) << "\n";
  if (!d.changes.empty()) out << "\nchanged:\n";
  for (const diff::DeviceChange& c : d.changes) print_change(out, c, a[c.a], b[c.b]);
  if (!d.ambiguous.empty()) out << "\nambiguous (not paired: say which is which by hand):\n";
  for (const diff::Ambiguity& amb : d.ambiguous) {
    out << "  " << to_string(amb.rule) << " " << printable(amb.value) << ":";
    for (std::size_t i : amb.a) out << " before " << printable(a[i].key) << ";";
    for (std::size_t i : amb.b) out << " after " << printable(b[i].key) << ";";
    out << "\n";
  }
}

}  // namespace camaudit::app
