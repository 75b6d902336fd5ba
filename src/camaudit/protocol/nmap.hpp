// SPDX-License-Identifier: Apache-2.0
// What nmap concluded about one port, as `camaudit import nmap` passes it on: the -sV
// service guess (name, product, version, extrainfo, device type, CPEs) and the output
// of the NSE scripts that carry device signals. nmap's guess becomes nmap.* fields, which
// the KB believes only weakly (kb/fingerprints/nmap_service.toml): it is evidence, never
// trusted over the raw signals. The scripts' raw signals (the Server header, the page
// title, the realm, the favicon's MD5, every header line) become the same http.* fields
// the HTTP parser emits, so the same rules match them.
//
// Payload: a JSON object written by ingest/nmap.cpp,
//   {"service": {"name": "http", "product": "...", "version": "...", "extrainfo": "...",
//                "devicetype": "...", "cpe": ["cpe:/h:..."]},
//    "scripts": {"http-title": "...", "http-headers": "...", ...}, "mac_vendor": "..."}
// where each script maps to its output text (a title/realm element when nmap gave one).
#pragma once

#include <camaudit/protocol/protocol.hpp>

namespace camaudit::protocol {

extern const Parser kNmapParser;

}  // namespace camaudit::protocol
