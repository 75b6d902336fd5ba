// SPDX-License-Identifier: Apache-2.0
// The descriptive half of every probe (name, description, safety class, stage), so
// each probes/<name>.cpp holds only its decision (`wants`) and its exchange (`run`).
#pragma once

#include <camaudit/scan/probe.hpp>

namespace camaudit::scan::probes {

class BasicProbe : public Probe {
 public:
  BasicProbe(std::string_view name, Stage stage, Safety safety, std::string_view description)
      : m_name(name), m_description(description), m_stage(stage), m_safety(safety) {}
  std::string_view name() const override { return m_name; }
  std::string_view description() const override { return m_description; }
  Safety safety() const override { return m_safety; }
  Stage stage() const override { return m_stage; }

 private:
  std::string_view m_name, m_description;
  Stage m_stage;
  Safety m_safety;
};

// The first port (lowest number) that answered plain HTTP, else HTTPS; 0 when none.
inline std::uint16_t first_web_port(const HostScan& host) {
  for (std::uint16_t port : host.web_ports(false)) return port;
  for (std::uint16_t port : host.web_ports(true)) return port;
  return 0;
}

}  // namespace camaudit::scan::probes
