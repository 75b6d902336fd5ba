// SPDX-License-Identifier: Apache-2.0
// LAN discovery: asks the local segment, on chosen interfaces only, who is there, and
// returns every answer as an Observation for the identification engine. This is the
// library behind `camaudit discover` and (later) `camaudit scan --discover`.
//
// Per interface, one UDP socket per protocol, bound to the interface (SO_BINDTODEVICE;
// IP_MULTICAST_IF = the interface's address; multicast TTL 1), so nothing ever leaves by
// the default route. Each socket sends its read-only questions (messages.hpp) three times,
// 300 ms apart (UDP is lossy; retransmissions are byte-identical, as SOAP-over-UDP asks,
// so devices and we can drop duplicates), and everything that comes back to it within the
// wait is that socket's protocol: a reply to the SADP socket is parsed as "sadp", even when
// it is garbage (it then ends as an `unparsed` record of the device, never dropped).
// Identical (replier, port, protocol, payload) retransmissions are kept once.
//
// SSDP answers name a UPnP description (LOCATION). It is fetched with one plain HTTP/1.1
// GET, bounded in size and time, only when the LOCATION's host is the replier itself (a
// reply must not make us connect to a third party), and returned as a "upnp" observation.
//
// Needs CAP_NET_RAW (SO_BINDTODEVICE); an interface whose sockets cannot be bound to it
// is skipped with an error rather than used unbound.
#pragma once

#include <camaudit/core/observation.hpp>
#include <camaudit/discover/interfaces.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit::discover {

struct DiscoverOptions {
  std::vector<std::string> interfaces;  // names; empty: every up, multicast-capable IPv4 non-loopback one
  std::chrono::milliseconds wait{3000}; // how long to collect replies after the first send
  bool fetch_upnp_descriptions = true;  // GET each SSDP LOCATION on the replier
  // Optional: one human-readable line per step (interfaces used, what was sent, errors).
  std::function<void(std::string_view)> progress;
};

struct DiscoverResult {
  // Every distinct reply, in arrival order, then the UPnP descriptions. `index` counts from
  // 0, `device` and `ip` are the replier, `source` is "discover:<protocol>".
  std::vector<Observation> observations;
  std::vector<Interface> interfaces;   // where discovery ran
  std::size_t datagrams_sent = 0;
  std::size_t replies = 0;             // datagrams received, duplicates included
  std::size_t duplicates = 0;
  std::size_t dropped = 0;             // past kMaxObservations (a flooding segment)
  // Set when discovery could not run at all (no usable interface, loopback only, no
  // permission on any interface); then nothing was sent.
  std::optional<std::string> error;
};

// Bounds that keep a hostile or huge segment from exhausting memory or time.
inline constexpr std::size_t kMaxObservations = 4096;
inline constexpr std::size_t kMaxDescriptionFetches = 64;
inline constexpr std::size_t kMaxDescriptionBytes = 256 * 1024;
inline constexpr std::chrono::milliseconds kDescriptionTimeout{2000};

// Runs discovery; blocks for about `options.wait` (plus description fetches).
DiscoverResult discover(const DiscoverOptions& options);

}  // namespace camaudit::discover
