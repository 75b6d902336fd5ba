// SPDX-License-Identifier: Apache-2.0
// An Observation is one thing seen about one device, before any interpretation:
// the bytes a device sent in answer to one request (a probe's reply, a packet in a
// capture, a discovery datagram), or one row of an asset register. Every source
// produces observations; identification runs over them later, so a knowledge-base
// update re-identifies old data without rescanning ("collect first, interpret later").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace camaudit {

struct Observation {
  std::size_t index = 0;   // position in its input (line number - 1 for JSON Lines)
  std::string device;      // grouping key: the explicit "device" field, else the ip
  std::string ip;
  std::uint16_t port = 0;  // 0 when not known (register rows, MAC tables)
  std::string transport;   // "tcp" | "udp" | "" (unknown)
  std::string protocol;    // selects the parser: "http", "rtsp", "sadp", ... (see protocol/registry.cpp)
  std::string path;        // request path the payload answers (HTTP/RTSP), else empty
  std::string payload;     // raw bytes as received (may hold NULs; not necessarily UTF-8)
  std::string source;      // who produced it: probe or importer name, free text
  // Asset-register rows carry free text instead of a payload.
  std::string make;
  std::string model;

  // The device this observation is about: `device` when the source named one, else the
  // ip (importers leave `device` empty). The one grouping rule identify, reidentify,
  // import and the store share.
  const std::string& key() const { return device.empty() ? ip : device; }
};

// One keyed value cut out of an observation by a protocol parser, e.g.
// {"http.server", "App-webs/"} or {"sadp.DeviceSN", "DS-2CD2385G1-I2020..."}.
// Keys are what knowledge-base rules match on (kb/README.md lists them).
struct Field {
  std::string key;
  std::string value;
  friend bool operator==(const Field&, const Field&) = default;
};

}  // namespace camaudit
