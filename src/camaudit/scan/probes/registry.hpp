// SPDX-License-Identifier: Apache-2.0
// The one list of probes, in the order they run within a stage (probe.hpp explains
// stages). Adding a probe: write probes/<name>.cpp defining a Probe, declare its
// factory below, and list it in registry.cpp (CONTRIBUTING.md, "Adding a probe").
#pragma once

#include <camaudit/scan/probe.hpp>

#include <string_view>
#include <vector>

namespace camaudit::scan::probes {

const std::vector<const Probe*>& all();
const Probe* find(std::string_view name);

// One per file.
const Probe& tls_certificate();
const Probe& web_root();
const Probe& rtsp_describe();
const Probe& dahua_realm();
const Probe& banner();
const Probe& favicon();
const Probe& sadp_unicast();
const Probe& dhip_unicast();
const Probe& onvif_device();
const Probe& wsd_unicast();
const Probe& hikvision_web();
const Probe& dahua_rpc2_login();
const Probe& axis_basic_info();
const Probe& hikvision_isapi();
const Probe& dahua_magicbox();
const Probe& hanwha_sunapi();
const Probe& uniview_lapi();
const Probe& onvif_inventory();

}  // namespace camaudit::scan::probes
