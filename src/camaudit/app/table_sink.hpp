// SPDX-License-Identifier: Apache-2.0
// The terminal summary (device_table.hpp) as a pipeline sink: one short row per device.
#pragma once

#include <camaudit/app/device_table.hpp>
#include <camaudit/pipeline/sink.hpp>

namespace camaudit::app {

class TableSink final : public pipeline::Sink {
 public:
  explicit TableSink(DeviceTable& table) : m_table(table) {}
  void host(std::span<const Observation>, std::span<const DeviceRecord> devices) override {
    for (const DeviceRecord& d : devices) m_table.add(d);
  }

 private:
  DeviceTable& m_table;
};

}  // namespace camaudit::app
