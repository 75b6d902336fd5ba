// SPDX-License-Identifier: Apache-2.0
// One row of an asset register (a spreadsheet of what the estate believes it has):
// the make and model someone typed, e.g. "Hikvision" / "DS-2CD2042WD-I", or one free
// text cell ("HiWatch HWP-N2404IH-DE3(F)", research/oem.jsonl). Labels lie about the real maker; the KB maps them
// (oem.toml) like any other observation. Importers fill Observation::make/model, or
// put the cell's text in the payload.
#pragma once

#include <camaudit/protocol/protocol.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace camaudit::protocol {

struct RegisterRow {
  std::string make;   // trimmed, whitespace runs collapsed
  std::string model;
  std::string text;   // make + ' ' + model, or the payload text
};

// nullopt plus `error` when the row says nothing (all empty) or is not text.
std::optional<RegisterRow> parse_register_row(std::string_view make, std::string_view model,
                                              std::string_view payload, std::string* error);

extern const Parser kRegisterParser;

}  // namespace camaudit::protocol
