// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/rtsp.hpp>

#include <camaudit/util/text.hpp>

#include <array>
#include <charconv>

namespace camaudit::protocol {

namespace {

// SDP is small; more lines than this is not a session description.
constexpr std::size_t kMaxSdpLines = 4096;

constexpr std::array<std::string_view, 11> kRtspKeys = {
    "rtsp.status", "rtsp.server", "rtsp.public", "rtsp.www_authenticate", "rtsp.realm", "rtsp.auth_scheme",
    "rtsp.header", "rtsp.response", "rtsp.sdp", "rtsp.sdp.s", "rtsp.sdp.a"};

ParseResult parse_rtsp_observation(const Observation& obs) {
  ParseResult out;
  std::string error;
  const auto response = parse_rtsp_response(obs.payload, &error);
  if (!error.empty()) out.error = "RTSP: " + error;
  if (!response) return out;
  add_status_response_fields(out, "rtsp", response->message, obs.payload);
  if (auto methods = response->message.header("Public")) out.add("rtsp.public", *methods);
  if (response->sdp) {
    out.add("rtsp.sdp", response->sdp->text);
    out.add("rtsp.sdp.s", response->sdp->session_name);
    for (const std::string& attribute : response->sdp->attributes) out.add("rtsp.sdp.a", attribute);
  }
  return out;
}

}  // namespace

SdpDescription parse_sdp(std::string_view text) {
  SdpDescription sdp;
  sdp.text = std::string(text);
  std::string_view rest = text;
  for (std::size_t lines = 0; !rest.empty() && lines < kMaxSdpLines; ++lines) {
    const std::size_t lf = rest.find('\n');
    std::string_view line = rest.substr(0, lf);
    rest.remove_prefix(lf == std::string_view::npos ? rest.size() : lf + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() < 2 || line[1] != '=') continue;
    if (line[0] == 's' && sdp.session_name.empty()) sdp.session_name = std::string(line.substr(2));
    else if (line[0] == 'a') sdp.attributes.emplace_back(line.substr(2));
  }
  return sdp;
}

std::optional<RtspResponse> parse_rtsp_response(std::string_view bytes, std::string* error) {
  auto message = parse_status_response(bytes, "RTSP", LengthlessBody::none, error);
  if (!message) return std::nullopt;
  RtspResponse response;
  response.message = std::move(*message);
  if (auto cseq = response.message.header("CSeq")) {
    // "CSeq: 42 OPTIONS" (an old Hikvision firmware) still carries the number first.
    std::string_view digits = cseq->substr(0, cseq->find(' '));
    int value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc() && end == digits.data() + digits.size()) response.cseq = value;
  }
  if (auto methods = response.message.header("Public")) {
    for (std::string_view method : util::split(*methods, ','))
      if (!util::trim(method).empty()) response.methods.emplace_back(util::trim(method));
  }
  const auto content_type = response.message.header("Content-Type");
  if (content_type && util::ifind(*content_type, "application/sdp") != std::string_view::npos)
    response.sdp = parse_sdp(response.message.body);
  return response;
}

constinit const Parser kRtspParser{
    "rtsp",
    "RTSP/1.0 response: status, Server, Public, auth challenge, SDP session name and attributes",
    kRtspKeys,
    parse_rtsp_observation,
};

}  // namespace camaudit::protocol
