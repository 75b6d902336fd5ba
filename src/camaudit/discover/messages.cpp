// SPDX-License-Identifier: Apache-2.0
#include <camaudit/discover/messages.hpp>

#include <camaudit/util/codec.hpp>
#include <camaudit/util/text.hpp>

#include <algorithm>
#include <array>
#include <random>

namespace camaudit::discover {

namespace {
void append_u32_le(std::string& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((value >> shift) & 0xff));
}
}  // namespace

std::string random_uuid() {
  std::random_device entropy;
  std::array<unsigned char, 16> bytes{};
  for (auto& b : bytes) b = static_cast<unsigned char>(entropy() & 0xff);
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  const std::string digits = util::hex_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  return digits.substr(0, 8) + "-" + digits.substr(8, 4) + "-" + digits.substr(12, 4) + "-" + digits.substr(16, 4) +
         "-" + digits.substr(20);
}

std::string sadp_inquiry(std::string_view uuid, SadpInquiry type) {
  // Several Hikvision tools upper-case the Uuid (protocols.md §1.2); devices echo it as sent.
  std::string upper(uuid);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c); });
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><Probe><Uuid>" + upper + "</Uuid><Types>" +
         (type == SadpInquiry::inquiry ? "inquiry" : "inquiry_v32") + "</Types></Probe>";
}

std::string dhip_search() {
  static constexpr std::string_view kJson = R"({"method":"DHDiscover.search","params":{"mac":"","uni":1}})";
  std::string out;
  append_u32_le(out, 0x20);  // header size
  out += "DHIP";
  append_u32_le(out, 0);  // session id: none in discovery
  append_u32_le(out, 0);  // request id
  append_u32_le(out, static_cast<std::uint32_t>(kJson.size()));
  append_u32_le(out, 0);
  append_u32_le(out, static_cast<std::uint32_t>(kJson.size()));
  append_u32_le(out, 0);
  out += kJson;
  return out;
}

std::string dahua5050_probe() {
  std::string out(32, '\0');
  out[0] = static_cast<char>(0xa3);
  out[1] = 0x01;
  out[3] = 0x01;
  out[16] = 0x02;
  return out;
}

std::string wsd_probe(WsdType type, std::string_view message_id) {
  const bool nvt = type == WsdType::network_video_transmitter;
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
      "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
      "xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\" ";
  out += nvt ? "xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\">"
             : "xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\">";
  out +=
      "<s:Header>"
      "<a:Action s:mustUnderstand=\"1\">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>"
      "<a:MessageID>urn:uuid:";
  out += message_id;
  out +=
      "</a:MessageID>"
      "<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>"
      "<a:To s:mustUnderstand=\"1\">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>"
      "</s:Header>"
      "<s:Body><d:Probe><d:Types>";
  out += nvt ? "dn:NetworkVideoTransmitter" : "tds:Device";
  out += "</d:Types></d:Probe></s:Body></s:Envelope>";
  return out;
}

std::string ssdp_msearch(SsdpTarget target, int mx_seconds) {
  const std::string mx = std::to_string(std::clamp(mx_seconds, 1, 5));
  if (target == SsdpTarget::all)
    return "M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\nMan: \"ssdp:discover\"\r\nMX: " + mx +
           "\r\nST: ssdp:all\r\n\r\n";
  return "M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\nST:upnp:rootdevice\r\nMan:\"ssdp:discover\"\r\nMX:" + mx +
         "\r\n\r\n";
}

std::string mdns_ptr_query(std::span<const std::string_view> services) {
  std::string out(12, '\0');  // id 0, flags 0 (standard query), counts below
  out[4] = static_cast<char>((services.size() >> 8) & 0xff);
  out[5] = static_cast<char>(services.size() & 0xff);
  for (std::string_view service : services) {
    for (std::string_view label : util::split(service, '.')) {
      if (label.empty() || label.size() > 63) continue;
      out.push_back(static_cast<char>(label.size()));
      out += label;
    }
    out.push_back('\0');
    out += std::string_view("\x00\x0c\x00\x01", 4);  // type PTR, class IN
  }
  return out;
}

}  // namespace camaudit::discover
