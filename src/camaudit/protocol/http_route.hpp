// SPDX-License-Identifier: Apache-2.0
// One identification whatever the source: an HTTP answer that nmap, ZGrab2, a capture
// or a hand-written observation labels only "http" is routed to the vendor parser that
// camaudit's own probe would have named (ISAPI, magicBox, RPC2, VAPIX, SUNAPI, LAPI,
// Reolink, ONVIF SOAP), by the request path and, when there is no path, by the body's
// own markers. The HTTP parser (http.cpp) adds the vendor parser's fields to its own.
// Internal to camaudit::protocol; a helper, not a parser.
#pragma once

#include <camaudit/protocol/protocol.hpp>

#include <string_view>

namespace camaudit::protocol {

// The vendor parser for this HTTP answer, or null when nothing marks one.
const Parser* route_http(std::string_view path, std::string_view payload);

}  // namespace camaudit::protocol
