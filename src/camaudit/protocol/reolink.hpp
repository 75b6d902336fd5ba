// SPDX-License-Identifier: Apache-2.0
// Reolink HTTP API (POST /cgi-bin/api.cgi?cmd=GetDevInfo): a JSON array of command
// results; GetDevInfo's value.DevInfo names the model, firmware, hardware and serial.
// Unauthenticated calls answer {"code":1,"error":{"detail":"please login first",...}}
// (protocols.md §7, corpus reolink_api_1.txt).
#pragma once

#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <string_view>

namespace camaudit::protocol {

struct ReolinkReply {
  FieldList dev_info;  // value.DevInfo flattened: {"model", "RLC-411WS"}, ...
  FieldList error;     // error object flattened: {"detail", "please login first"}, ...
};

// Accepts the body alone or a whole HTTP response. Errors: not JSON, no command
// result with value.DevInfo or error.
Parsed<ReolinkReply> parse_reolink(std::string_view payload);

// Fields: reolink.<DevInfo key>, reolink.error.<k>.
extern const Parser kReolinkParser;

}  // namespace camaudit::protocol
