// SPDX-License-Identifier: Apache-2.0
// A probe asks a device one kind of question: "what does GET / say", "what certificate
// does port 443 show", "does RTSP answer OPTIONS". Each lives in probes/<name>.cpp,
// declares how intrusive it is, and is listed once in probes/registry.cpp.
//
// A host is scanned in stages (scanner.cpp):
//   1. connect: which of the ports are open;
//   2. first contact: on each open port, the probes whose `wants` says yes for it
//      (HTTP on web ports, TLS on 443, RTSP on 554, the Dahua realm request on 37777...);
//   3. follow-ups: after a first, provisional identification of the answers, probes
//      that ask vendor-specific, read-only questions the answers suggest (the Hikvision
//      login page, the first RPC2_Login step, ONVIF's device service, the favicon);
//   4. inventory: authenticated read-only calls, only when --credentials gives an
//      account for this address.
// Every answer is recorded as an Observation, the identification engine's input.
#pragma once

#include <camaudit/core/observation.hpp>
#include <camaudit/scan/session.hpp>

#include <asio/awaitable.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit::scan {

// How much a probe does to a device. `camaudit scan` never runs anything beyond
// read_only unless credentials were given; nothing in camaudit changes device state.
enum class Safety {
  connect_only,   // opens and closes a connection, or listens for a banner
  read_only,      // unauthenticated read-only requests (GET, OPTIONS, DESCRIBE, discovery-style queries)
  authenticated,  // read-only inventory calls with the operator's own credentials (--credentials)
};
std::string_view to_string(Safety safety);

enum class Stage { first_contact = 1, follow_up = 2, inventory = 3 };

// An account the operator gave for a range (credentials.hpp). Never logged or written out.
struct Credential {
  std::string username;
  std::string password;
};

// What a port turned out to speak, learnt from its first answer.
enum class Speaks { unknown, http, https, rtsp, binary };

// Everything one host has said so far; probes read it to decide and append to it.
class HostScan {
 public:
  explicit HostScan(IpAddress address) : m_address(address), m_ip(address.str()) {}

  const IpAddress& address() const { return m_address; }
  const std::string& ip() const { return m_ip; }

  std::vector<std::uint16_t> open_ports;
  std::map<std::uint16_t, Speaks> speaks;
  std::vector<Observation> observations;
  // Manufacturers and brands the answers so far suggest (stage 2 reads this).
  std::set<std::string> suggested;
  std::optional<Credential> credential;
  std::size_t timeouts = 0;  // exchanges cut by a deadline: hostile or overloaded hosts

  // Records one answer as an observation (`source` = "scan:<probe>").
  void record(std::string_view probe, std::uint16_t port, std::string_view protocol, std::string_view path,
              std::string payload, std::string_view transport = "tcp");
  bool suggests(std::string_view maker) const { return suggested.count(std::string(maker)) > 0; }
  // Ports that answered HTTP (plain and over TLS), in port order.
  std::vector<std::uint16_t> web_ports(bool with_tls = true) const;

 private:
  IpAddress m_address;
  std::string m_ip;
};

class Probe {
 public:
  virtual ~Probe() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view description() const = 0;
  virtual Safety safety() const = 0;
  virtual Stage stage() const = 0;
  // Whether to run on `port` of this host, given what it said so far. Stage-3 probes
  // are only asked when the host has a credential.
  virtual bool wants(const HostScan& host, std::uint16_t port) const = 0;
  virtual asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t port) const = 0;
  // A probe that asks the host once, not a port (UDP questions): it runs beside the
  // per-port chains of its stage instead of waiting in one. `wants` is asked with the
  // first open port.
  virtual bool per_host() const { return false; }
};

}  // namespace camaudit::scan
