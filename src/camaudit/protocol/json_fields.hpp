// SPDX-License-Identifier: Apache-2.0
// JSON as devices send it, turned into flat fields. Dahua DHIP and RPC2, Uniview
// LAPI, Reolink, Axis basicdeviceinfo and Hanwha SUNAPI all answer JSON whose useful
// part is a tree of scalars; this parses it without throwing (bounded size and
// depth, invalid UTF-8 replaced) and flattens it to dotted keys.
// Internal to camaudit::protocol.
#pragma once

#include <camaudit/protocol/payload.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace camaudit::protocol {

// Parses `text` (after trimming whitespace and trailing NULs). On failure returns
// nullopt and sets `error` to one line prefixed with `protocol_label`.
std::optional<nlohmann::json> parse_json(std::string_view text, std::string_view protocol_label,
                                         std::string& error);

// The text a scalar becomes as a field value: strings verbatim, numbers and
// booleans as JSON writes them. Null, objects and arrays yield nullopt.
std::optional<std::string> json_scalar_text(const nlohmann::json& value);

// Appends every scalar leaf under `value` as {prefix + "a.b.c", text}. Array
// elements repeat their parent's key (a multi-valued field). Nulls are skipped.
// Stops at kMaxNestingDepth and kMaxFieldsPerPayload.
void flatten_json(const nlohmann::json& value, const std::string& prefix, FieldList& out);

}  // namespace camaudit::protocol
