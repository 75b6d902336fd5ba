// SPDX-License-Identifier: Apache-2.0
// Hikvision ISAPI /ISAPI/System/deviceInfo: an XML <DeviceInfo> whose children name
// the model, serial, MAC, firmware and (newer firmware) manufacturer and OEM code.
// The default namespace itself is a signal: hikvision.com/ver20 on older firmware,
// isapi.org/ver20 on newer and on OEM builds (protocols.md §4.3).
#pragma once

#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <string>
#include <string_view>

namespace camaudit::protocol {

struct IsapiDocument {
  std::string root;     // "DeviceInfo" (or ResponseStatus on errors)
  std::string xmlns;    // the root's default namespace URI
  FieldList elements;   // children by local name; nested ones dotted
};

// Accepts the body alone or a whole HTTP response. Errors: not XML, malformed XML
// (elements read before the problem are kept).
Parsed<IsapiDocument> parse_isapi(std::string_view payload);

// Fields: isapi.xmlns, isapi.<child local name>.
extern const Parser kIsapiParser;

}  // namespace camaudit::protocol
