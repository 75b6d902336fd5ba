// SPDX-License-Identifier: Apache-2.0
// From identification's working form (Device: ranked values pointing into its claims)
// to the owned value every later stage shares (core/device_record.hpp): the winners,
// the claims as evidence, the losing values as conflicts. One function, so the device
// JSON line, the CSV row, the table, assessment and the store all read the same thing.
#pragma once

#include <camaudit/core/device_record.hpp>
#include <camaudit/identify/device.hpp>

namespace camaudit::identify {

DeviceRecord to_record(const Device& device);

// Adds `base` to every observation number the record cites (evidence, unparsed): a
// host identified with its observations numbered from 0 gets the numbers they have in
// the observations file once they are written.
void shift_observations(DeviceRecord& record, std::size_t base);

}  // namespace camaudit::identify
