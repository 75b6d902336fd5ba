// SPDX-License-Identifier: Apache-2.0
// ONVIF device-service requests (SOAP 1.2, POST /onvif/device_service), shared by the
// unauthenticated follow-up and the inventory probe. Bodies as in
// ../shared/corpus/onvif_soap-requests_1.txt (operations per ONVIF devicemgmt.wsdl).
#pragma once

#include <string>
#include <string_view>

namespace camaudit::scan::probes {

inline constexpr std::string_view kOnvifPath = "/onvif/device_service";
inline constexpr std::string_view kSoapContentType = "application/soap+xml; charset=utf-8";

inline std::string onvif_envelope(std::string_view body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
         "xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\">\n"
         "  <s:Body>" + std::string(body) + "</s:Body>\n</s:Envelope>\n";
}

}  // namespace camaudit::scan::probes
