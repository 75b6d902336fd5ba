// SPDX-License-Identifier: Apache-2.0
// Where a pipeline's results go, as ZMap's output modules and Zeek's log writers: one
// small set of hooks, one implementation per destination (JSON Lines, CSV, the raw
// observations, the store, the terminal table), each in its own file.
//
// The pipeline calls host() once per finished host (or per device of an import) with
// that host's observations and its identified, assessed devices; checkpoint() when it
// records progress (a resume file): after it returns, everything handed so far is
// durable and no reader sees a torn record.
#pragma once

#include <camaudit/core/audit_record.hpp>
#include <camaudit/core/device_record.hpp>
#include <camaudit/core/observation.hpp>

#include <span>

namespace camaudit::pipeline {

struct Sink {
  virtual ~Sink() = default;
  virtual void begin(const AuditRecord& audit) { (void)audit; }
  virtual void host(std::span<const Observation> observations, std::span<const DeviceRecord> devices) = 0;
  virtual void checkpoint() {}
  virtual void end(const AuditRecord& audit) { (void)audit; }
};

}  // namespace camaudit::pipeline
