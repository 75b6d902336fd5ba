// SPDX-License-Identifier: Apache-2.0
// Uniview LAPI (GET /LAPI/V1.0/System/DeviceBasicInfo): JSON
// {"Response":{"ResponseURL":..,"ResponseCode":0,"ResponseString":"Succeed","Data":{..}}}
// whose Data names the manufacturer, model, serial, firmware and MAC
// (protocols.md §7, corpus uniview_lapi_1.txt).
#pragma once

#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <string>
#include <string_view>

namespace camaudit::protocol {

struct LapiResponse {
  std::string response_code;    // Response.ResponseCode ("0" on success)
  std::string response_string;  // Response.ResponseString ("Succeed", "Unauthorized", ...)
  FieldList data;               // Response.Data flattened
};

// Accepts the body alone or a whole HTTP response. Errors: not JSON, no Response
// object, no Data in it.
Parsed<LapiResponse> parse_lapi(std::string_view payload);

// Fields: lapi.<Data key> (Manufacturer, DeviceModel, SerialNumber, FirmwareVersion, MAC, ...).
extern const Parser kLapiParser;

}  // namespace camaudit::protocol
