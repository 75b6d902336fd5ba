// SPDX-License-Identifier: Apache-2.0
#include <camaudit/app/device_table.hpp>
#include <camaudit/util/printable.hpp>
#include <camaudit/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

namespace camaudit::app {

namespace {
constexpr const char* kRowFormat = "{:<24} {:<14} {:<12} {:<24} {:<26} {:<15} {:>4}\n";

// Device text must not drive the terminal: controls and invisible formatting characters
// are escaped visibly (util::printable). Cut to `width` bytes, never inside a character.
std::string cell(const std::optional<std::string>& s, std::size_t width) {
  std::string v = util::printable(s.value_or("-"));
  if (v.size() <= width) return v;
  std::size_t cut = width - 1;
  while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
  return v.substr(0, cut) + "~";
}
}  // namespace

void DeviceTable::add(const DeviceRecord& d) {
  const std::optional<std::string>& maker = d.manufacturer;
  const kb::Vendor* vendor = maker ? m_kb.find_vendor(*maker) : nullptr;
  bool flagged = vendor && vendor->restricted;
  ++m_devices;
  m_identified += maker.has_value();
  m_restricted += flagged;
  m_per_maker[maker.value_or("(unidentified)")]++;
  // Unidentified last; addresses in numeric order within a maker (zero-padded octets).
  std::string key = maker ? "0" + *maker : "1";
  for (std::string_view octet : util::split(d.key, '.')) key += fmt::format(".{:>5}", octet);
  m_rows.push_back({std::move(key), fmt::format(kRowFormat, cell(d.key, 24),
                               cell(maker ? std::optional(*maker + (flagged ? " !" : "")) : std::nullopt, 14),
                               cell(d.brand, 12), cell(d.model, 24), cell(d.firmware, 26), cell(d.device_type, 15),
                               fmt::format("{:.2f}", d.confidence))});
}

void DeviceTable::print(std::ostream& out, std::size_t max_rows, const std::string& devices_file) const {
  out << fmt::format(kRowFormat, "device", "manufacturer", "brand", "model", "firmware", "type", "conf");
  std::vector<const Row*> sorted;
  for (const Row& row : m_rows) sorted.push_back(&row);
  std::sort(sorted.begin(), sorted.end(), [](const Row* a, const Row* b) { return a->sort_key < b->sort_key; });
  for (std::size_t i = 0; i < sorted.size() && i < max_rows; ++i) out << sorted[i]->text;
  if (m_rows.size() > max_rows)
    out << "... and " << m_rows.size() - max_rows << " more"
        << (devices_file.empty() || devices_file == "-" ? "" : " (see " + devices_file + ")") << "\n";
  out << "\nby manufacturer:";
  for (const auto& [maker, n] : m_per_maker) out << "  " << maker << " " << n;
  out << "\n" << m_restricted << " of " << m_devices
      << " devices made by a restricted manufacturer (!: see kb/vendors.toml)\n";
}

}  // namespace camaudit::app
