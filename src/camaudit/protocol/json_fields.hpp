// SPDX-License-Identifier: Apache-2.0
// JSON as devices send it, turned into flat fields. Dahua DHIP and RPC2, Uniview
// LAPI, Reolink, Axis basicdeviceinfo and Hanwha SUNAPI all answer JSON whose useful
// part is a tree of scalars; this parses it without throwing (bounded size and
// depth, invalid UTF-8 replaced) and flattens it to dotted keys.
//
// Parsing is simdjson's DOM parser (one per thread, reused), which is what makes
// these parsers cheap enough for millions of observations. The fields are those the
// earlier nlohmann-json tree gave: object members in key order, a repeated key's
// last value winning, numbers written as nlohmann writes them, and nlohmann's error
// text for malformed input. Internal to camaudit::protocol.
#pragma once

#include <camaudit/protocol/payload.hpp>

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

namespace camaudit::protocol {

// A node of a parsed document. It points into the calling thread's parser, so it is
// valid only until that thread's next parse_json call.
using JsonValue = simdjson::dom::element;

// Parses `text` (after trimming whitespace and trailing NULs). On failure returns
// nullopt and sets `error` to one line prefixed with `protocol_label`.
std::optional<JsonValue> parse_json(std::string_view text, std::string_view protocol_label, std::string& error);

// The member `key` of `object` (the last one when the key repeats); nullopt when
// `object` is not an object or has no such member.
std::optional<JsonValue> json_member(JsonValue object, std::string_view key);

// The text a scalar becomes as a field value: strings verbatim, numbers and
// booleans as JSON writes them. Null, objects and arrays yield nullopt.
std::optional<std::string> json_scalar_text(JsonValue value);

// Appends every scalar leaf under `value` as {prefix + "a.b.c", text}. Array
// elements repeat their parent's key (a multi-valued field). Nulls are skipped.
// Stops at kMaxNestingDepth and kMaxFieldsPerPayload.
void flatten_json(JsonValue value, std::string_view prefix, FieldList& out);

}  // namespace camaudit::protocol
