// SPDX-License-Identifier: Apache-2.0
// RTSP/1.0 responses (TCP 554): the answer to OPTIONS or DESCRIBE. Same framing as
// HTTP (message.hpp). Cameras give themselves away by the Public method list, the
// Server header (or its absence), the Digest realm (Hikvision `IP Camera(C2183)`,
// Dahua `Login to <serial>`, Axis `AXIS_<serial>`) and, after DESCRIBE, the SDP
// (`a=Media_header:MEDIAINFO=494D4B48...` is Hikvision, `a=packetization-supported:DH`
// is Dahua).
#pragma once

#include <camaudit/protocol/message.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit::protocol {

// A session description (RFC 8866), only the parts that identify a device.
struct SdpDescription {
  std::string text;                     // the whole SDP as sent
  std::string session_name;             // s=
  std::vector<std::string> attributes;  // every a= value, session and media level, in order
};

struct RtspResponse {
  StatusResponse message;             // RTSP/1.0 status, headers, body
  std::optional<int> cseq;            // CSeq, when numeric
  std::vector<std::string> methods;   // Public, split on ','
  std::optional<SdpDescription> sdp;  // when the body is application/sdp
};

// Parses one RTSP response at the start of `bytes` (no Content-Length means no body,
// per RFC 2326 §12.14). nullopt plus `error` when there is no RTSP status line.
std::optional<RtspResponse> parse_rtsp_response(std::string_view bytes, std::string* error);

SdpDescription parse_sdp(std::string_view text);

extern const Parser kRtspParser;

}  // namespace camaudit::protocol
