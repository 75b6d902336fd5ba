// SPDX-License-Identifier: Apache-2.0
// Hanwha Vision (Samsung Techwin) SUNAPI
// /stw-cgi/system.cgi?msubmenu=deviceinfo&action=view: `Key=Value` lines, or JSON
// when the client asks for it (SUNAPI >= 2.5). Some NVRs wrap key=value lines in
// braces under a JSON content type; both are read (protocols.md §7, corpus
// hanwha_sunapi-deviceinfo_*.txt).
#pragma once

#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <string_view>

namespace camaudit::protocol {

struct SunapiDeviceInfo {
  FieldList values;  // {"Model", "XNF-9010RV"}, ... in order
};

// Accepts the body alone or a whole HTTP response. Error: neither JSON nor
// key=value lines.
Parsed<SunapiDeviceInfo> parse_sunapi(std::string_view payload);

// Fields: sunapi.<Key> (Model, SerialNumber, FirmwareVersion, DeviceType, ...).
extern const Parser kSunapiParser;

}  // namespace camaudit::protocol
