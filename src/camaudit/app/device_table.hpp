// SPDX-License-Identifier: Apache-2.0
// The readable summary every command that finds devices prints at the end: one row per
// device, then counts per manufacturer, with makers restricted in some jurisdiction
// (kb/vendors.toml `restricted`) flagged '!'. It keeps one short row per device, not the
// device and its evidence, so a long scan can stream devices out and still summarise.
#pragma once

#include <camaudit/core/device_record.hpp>
#include <camaudit/kb/knowledge_base.hpp>

#include <cstddef>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace camaudit::app {

class DeviceTable {
 public:
  explicit DeviceTable(const kb::KnowledgeBase& kb) : m_kb(kb) {}
  void add(const DeviceRecord& device);
  // Rows sorted by manufacturer (unidentified last), then address (at most `max_rows`,
  // the rest counted and, when there is one, pointed to in `devices_file`), then the
  // per-manufacturer counts.
  void print(std::ostream& out, std::size_t max_rows = SIZE_MAX, const std::string& devices_file = "") const;
  std::size_t devices() const { return m_devices; }
  std::size_t identified() const { return m_identified; }
  std::size_t restricted() const { return m_restricted; }

 private:
  const kb::KnowledgeBase& m_kb;
  struct Row {
    std::string sort_key;
    std::string text;
  };
  std::vector<Row> m_rows;
  std::map<std::string, std::size_t> m_per_maker;
  std::size_t m_devices = 0, m_identified = 0, m_restricted = 0;
};

}  // namespace camaudit::app
