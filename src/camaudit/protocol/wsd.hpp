// SPDX-License-Identifier: Apache-2.0
// ONVIF WS-Discovery (UDP 3702): ProbeMatches replies and the Hello a camera
// multicasts on boot. The Scopes carry the vendor's own words for the device:
// `onvif://www.onvif.org/name/HIKVISION%20DS-2CD2385G1-I`, `.../hardware/<model>`,
// `.../MAC/<mac>`, `.../location/city/hangzhou`, whose grammar differs per vendor
// and survives white-labelling (protocols.md §3.2).
#pragma once

#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace camaudit::protocol {

struct WsdScope {
  std::string uri;       // as sent
  std::string category;  // "name" for onvif://www.onvif.org/name/..., else empty
  std::string value;     // the rest after "<category>/", percent-decoded
};

struct WsdMatch {
  std::string endpoint;          // EndpointReference/Address, e.g. "urn:uuid:..."
  std::string types;             // "dn:NetworkVideoTransmitter tds:Device"
  std::vector<WsdScope> scopes;
  std::string xaddrs;            // space-separated service URLs
  std::string metadata_version;
};

struct WsdMessage {
  std::string kind;              // Body child: "ProbeMatches", "Hello", "Bye", "Probe", ...
  std::vector<WsdMatch> matches; // one per ProbeMatch (Hello/Bye: the element itself)
};

// Splits a Scopes list on whitespace and decodes the onvif:// scopes.
std::vector<WsdScope> parse_wsd_scopes(std::string_view scopes);

// Errors: not XML, no WS-Discovery message element, malformed XML (what was read
// before the problem is kept).
Parsed<WsdMessage> parse_wsd(std::string_view payload);

// Fields: wsd.message, wsd.endpoint, wsd.types, wsd.scope (each URI),
// wsd.scope.<category>, wsd.xaddrs, wsd.metadata_version.
extern const Parser kWsdParser;

}  // namespace camaudit::protocol
