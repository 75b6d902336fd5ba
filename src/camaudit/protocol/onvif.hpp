// SPDX-License-Identifier: Apache-2.0
// ONVIF device-service SOAP responses (POST /onvif/device_service): the answers an
// auditor gets without or with credentials: GetDeviceInformation (manufacturer,
// model, firmware, serial), GetSystemDateAndTime (the device clock), GetCapabilities
// / GetServices (service URLs) and SOAP Faults (ter:NotAuthorized tells that the
// device enforces authentication). Prefixes vary by vendor, so everything matches
// on local names (protocols.md §3.3).
#pragma once

#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace camaudit::protocol {

struct OnvifResponse {
  std::string response;            // local name of the Body's first child
  FieldList device_information;    // GetDeviceInformationResponse children
  std::string utc_datetime;        // GetSystemDateAndTime: "2014-12-24T19:14:37Z"
  std::string timezone;            // TimeZone/TZ
  std::string datetime_type;       // "Manual" / "NTP"
  std::string fault;               // innermost Subcode value, else the Code value
  std::string fault_reason;        // Reason/Text (SOAP 1.2) or faultstring (1.1)
  std::vector<std::string> services;  // every XAddr (GetCapabilities / GetServices)
};

// Accepts the SOAP envelope alone, a bare response element, or a whole HTTP
// response. Errors: not XML, no body element, malformed XML (partial data kept).
Parsed<OnvifResponse> parse_onvif(std::string_view payload);

// Fields: onvif.response, onvif.<DeviceInformation child> (Manufacturer, Model,
// FirmwareVersion, SerialNumber, HardwareId), onvif.utc_datetime, onvif.timezone,
// onvif.datetime_type, onvif.fault, onvif.fault_reason, onvif.service.
extern const Parser kOnvifParser;

}  // namespace camaudit::protocol
