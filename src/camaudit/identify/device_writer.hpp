// SPDX-License-Identifier: Apache-2.0
// Writes JSON Lines: identified devices (the output of `identify`, `scan`, `discover`)
// and raw observations (`scan --observations`, read back by `identify`). One object per
// line, keys in a fixed order so diffs are stable. Device-supplied strings are made valid
// UTF-8 before they are written, and control or invisible formatting characters go out
// only as \u escapes; payloads that are not clean text go out as base64.
#pragma once

#include <camaudit/core/device_record.hpp>
#include <camaudit/core/observation.hpp>
#include <camaudit/identify/device.hpp>

#include <string>

namespace camaudit::identify {

// The size bounds of a device line (kMaxEvidenceEntries, kMaxUnparsedEntries) are in
// core/device_record.hpp; the line itself is core/json_line.hpp's to_json_line.

// The record is what every stage shares (identify/record.hpp); the Device overloads
// convert first. Findings and rights are written when the record was assessed.
std::string device_to_json_line(const DeviceRecord& device);
std::string device_to_json_line(const Device& device);
// CSV for spreadsheets: one header line, then one row per device (RFC 4180 quoting).
// A cell that a spreadsheet would run as a formula (= + - @ at the start) gets a
// leading apostrophe: device-supplied text must not execute on an auditor's machine.
// Control and invisible formatting characters are escaped visibly (util::printable).
std::string device_csv_header();
std::string device_to_csv_row(const DeviceRecord& device);
std::string device_to_csv_row(const Device& device);
// The inverse of parse_observation_line (observation_reader.hpp): `data` when the payload
// is valid UTF-8 without NULs, else `data_b64`; empty fields are left out.
std::string observation_to_json_line(const Observation& observation);

}  // namespace camaudit::identify
