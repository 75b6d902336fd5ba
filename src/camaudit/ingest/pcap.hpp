// SPDX-License-Identifier: Apache-2.0
// Packet captures (pcap and pcapng, through libpcap's pcap_fopen_offline), read
// passively: nothing is ever sent. UDP datagrams from the discovery and DHCP ports
// become observations under the protocol names the parsers already know (SADP 37020,
// DHIP 37810, Dahua 5050, WS-Discovery 3702, SSDP 1900, mDNS 5353, DHCP 67/68). TCP
// streams are reassembled in sequence order, each direction on its own, and a server's
// first answer becomes an `http` (with the request path its client sent), `rtsp` or
// `tls` (the server certificate, DER) observation.
//
// Memory is bounded whatever the capture's size: at most kMaxStreamBytes per direction
// and kMaxTotalBytes over all streams; past that the least recently used stream is
// closed early (counted as "streams evicted"). Damaged packets are counted, never fatal.
// Link types: Ethernet (with 802.1Q tags), Linux cooked (SLL), BSD loopback (NULL/LOOP)
// and raw IP.
#pragma once

#include <camaudit/ingest/importer.hpp>

namespace camaudit::ingest {

inline constexpr std::size_t kMaxStreamBytes = 1024 * 1024;
inline constexpr std::size_t kMaxTotalBytes = 64 * 1024 * 1024;

extern const Importer kPcapImporter;

// The leaf certificate (DER) of the first TLS Certificate handshake message in the
// server's bytes, when the handshake is in the clear (TLS 1.2 and older).
std::optional<std::string> tls_server_certificate(std::string_view server_bytes);

}  // namespace camaudit::ingest
