// SPDX-License-Identifier: Apache-2.0
// The readable form of an audit diff (`camaudit diff`, `camaudit reidentify`).
#pragma once

#include <camaudit/diff/diff.hpp>

#include <iosfwd>

namespace camaudit::app {

void print_diff(std::ostream& out, const diff::AuditDiff& d, std::span<const DeviceRecord> a,
                std::span<const DeviceRecord> b);

}  // namespace camaudit::app
