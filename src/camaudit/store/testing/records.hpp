// SPDX-License-Identifier: Apache-2.0
// Sample records for the store's tests and benchmarks: a device with every field set
// (claims, conflicts, unparsed, findings with citations, rights), its observations
// (one binary payload with NULs), and a full AuditRecord. `i` varies every identity.
#pragma once

#include <camaudit/core/audit_record.hpp>
#include <camaudit/core/device_record.hpp>
#include <camaudit/core/observation.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace camaudit::store::testing {

inline std::string ip_of(std::size_t i) {
  return "127." + std::to_string(10 + i / 65536 % 200) + "." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256);
}

inline std::string mac_of(std::size_t i) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "c0:56:e3:%02zx:%02zx:%02zx", i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff);
  return buf;
}

inline Finding sample_finding(std::string id, FindingKind kind, std::string verdict) {
  Finding f;
  f.kind = kind;
  f.id = std::move(id);
  f.severity = kind == FindingKind::vulnerability ? Severity::critical : Severity::high;
  f.verdict = std::move(verdict);
  f.summary = "Sample finding \"" + f.id + "\" with <b>markup</b> and a quote.";
  f.cites = {{"CISA KEV", f.id, "2021-12-10", "https://www.cisa.gov/known-exploited-vulnerabilities-catalog"}};
  f.rests_on = {{"firmware", "V5.4.5 build 170124", 0.9, "hik.isapi.firmware", "fingerprints/isapi.toml:7", 2},
                {"manufacturer", "Hikvision", 0.99, "", "", std::nullopt}};
  f.rule = "sample." + f.id;
  f.kb = "vulns/hikvision.toml:12";
  f.confidence = 0.81;
  f.details = {{"cvss", 9.8}, {"kev", true}, {"nested", {{"list", {1, 2, 3}}}}};
  return f;
}

inline DeviceRecord sample_device(std::size_t i) {
  DeviceRecord d;
  d.ip = ip_of(i);
  d.key = i % 7 == 3 ? "asset-" + std::to_string(i) : d.ip;
  d.manufacturer = "Hikvision";
  d.brand = i % 2 ? std::optional<std::string>("LTS") : std::nullopt;
  d.model = "DS-2CD2" + std::to_string(100 + i % 50) + "FWD-I";
  d.original_model = d.model;
  d.firmware = "V5.4." + std::to_string(i % 9) + " build 170124";
  d.serial = "DS-2CD2142FWD-I20170101AAWR" + std::to_string(700000000 + i);
  d.mac = mac_of(i);
  d.device_type = i % 5 ? "camera" : "nvr";
  d.name = i % 3 ? std::optional<std::string>("Gate " + std::to_string(i) + " \xC3\xA9") : std::nullopt;
  d.capabilities = {"audio", "ptz"};
  d.confidence = 0.1 + static_cast<double>(i % 90) / 100.0;  // not exact in binary: tests the round trip
  d.seen = {"http/tcp/80", "rtsp/tcp/554"};
  d.notes = {"note " + std::to_string(i)};
  d.evidence = {{"manufacturer", "Hikvision", 0.95, 0, "http.server", "App-webs/", "hik.server", "fingerprints/http.toml:40", 2},
                {"model", *d.model, 0.9, std::nullopt, "isapi.model", *d.model, "hik.isapi", "fingerprints/isapi.toml:3", 1}};
  d.evidence_folded = i % 3;
  d.conflicts = {{"model", "DS-2CD2042WD", 0.3, {"hik.title", "hik.banner"}}};
  d.unparsed = {{1, "rtsp", "no status line"}};
  d.observations = 2;
  d.assessed = true;
  d.findings = {sample_finding("CVE-2017-7921", FindingKind::vulnerability, "affected"),
                sample_finding("policy.us.ndaa889.prohibited", FindingKind::policy, "prohibited")};
  d.rights = Rights{37.5, "medium", {"audio"}, {{"audio", 12.5, "records sound", "rights/weights.toml:4"}}};
  return d;
}

inline std::vector<Observation> sample_observations(const DeviceRecord& d, std::size_t first_index) {
  Observation http{first_index, d.key, d.ip, 80, "tcp", "http", "/", "HTTP/1.1 200 OK\r\nServer: App-webs/\r\n\r\n", "http", "", ""};
  Observation binary{first_index + 1, d.key, d.ip, 37020, "udp", "sadp", "", std::string("\x02\x00\xff\x01\x00", 5), "sadp", "", ""};
  return {http, binary};
}

inline AuditRecord sample_audit() {
  AuditRecord a;
  a.organisation = "Borough of Testing";
  a.site = "Town Hall";
  a.command = "scan";
  a.started_at = "2026-12-01T09:00:00Z";
  a.targets = {"127.10.0.0/16"};
  a.options = {{"ports", {80, 554}}, {"rate", 1000}};
  a.camaudit_version = "0.1.0";
  a.kb_digest = "sha256:0123abcd";
  a.profile = {{"jurisdiction", "UK"}, {"org_type", "local_authority"}};
  a.source = {{"file", "targets.txt"}};
  return a;
}

}  // namespace camaudit::store::testing
