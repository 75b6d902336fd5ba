// SPDX-License-Identifier: Apache-2.0
// The request bytes of LAN discovery, one function per protocol, exactly as
// research/protocols.md §0-§3 and the corpus give them. Every message here is a
// read-only question (SADP inquiry, DHIP DHDiscover.search, the Dahua 5050 probe,
// WS-Discovery Probe, SSDP M-SEARCH, mDNS PTR query). Nothing that activates, modifies,
// resets or logs in is, or may ever be, built here: a device answering these changes no
// state, and camfarm's request-log check (`camfarm check-log`) proves it in the tests.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace camaudit::discover {

// A random RFC 4122 version-4 UUID, lower case ("e8ecfe09-90e4-44c0-842b-703f46b58c81").
std::string random_uuid();

// Hikvision SADP (§1.2): `inquiry` or `inquiry_v32`, with the probe's Uuid, which the
// device echoes. Sent to 239.255.255.250:37020.
enum class SadpInquiry { inquiry, inquiry_v32 };
std::string sadp_inquiry(std::string_view uuid, SadpInquiry type);

// Dahua DHIP (§2.1-2.2): the 32-byte header ("DHIP", JSON length at 0x10 and 0x18)
// followed by {"method":"DHDiscover.search","params":{"mac":"","uni":1}}, byte for byte
// the mcw0/DahuaConsole form in corpus dahua_dhip_1.txt (a). Sent to 239.255.255.251,
// 255.255.255.255 and the subnet broadcast, port 37810.
std::string dhip_search();

// The legacy Dahua binary probe (§2.5): 32 bytes, a3 01 00 01, zeros, 02 at offset 16.
// Broadcast to port 5050.
std::string dahua5050_probe();

// ONVIF WS-Discovery Probe in the 2005/04 namespace that cameras answer (§3.1), for
// one type: "dn:NetworkVideoTransmitter" (the ONVIF video transmitter) or "tds:Device"
// (any ONVIF device). `message_id` is a UUID; the ProbeMatch echoes it in RelatesTo.
// Sent to 239.255.255.250:3702.
enum class WsdType { network_video_transmitter, device };
std::string wsd_probe(WsdType type, std::string_view message_id);

// SSDP M-SEARCH (corpus ssdp_msearch_1.txt): "ssdp:all" in nmap's form, "upnp:rootdevice"
// in UniversalScanner's. MX (the devices' random reply delay, seconds) is clamped to 1..5
// so every answer comes inside the caller's wait.
enum class SsdpTarget { all, root_device };
std::string ssdp_msearch(SsdpTarget target, int mx_seconds);

// The service types discovery asks mDNS about: Axis cameras, ONVIF devices, and the
// generic web and RTSP services cameras and recorders advertise.
inline constexpr std::string_view kMdnsServices[] = {"_axis-video._tcp.local", "_onvif._tcp.local",
                                                     "_http._tcp.local", "_rtsp._tcp.local"};
// One DNS query (id 0, no flags) with a PTR/IN question per service. Sent from an
// ephemeral port to 224.0.0.251:5353, it is a "legacy unicast" query (RFC 6762 §6.7), so
// responders answer unicast to the sender.
std::string mdns_ptr_query(std::span<const std::string_view> services = kMdnsServices);

}  // namespace camaudit::discover
