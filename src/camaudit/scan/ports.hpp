// SPDX-License-Identifier: Apache-2.0
// Which TCP ports to try on each host: nmap's -p syntax ("80,443,8000-8010") and the
// default set, the ports cameras and recorders listen on (research/protocols.md §9).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace camaudit::scan {

// "80,443,8000-8010", "-1024" (from 1), "60000-" (to 65535), "-" (all, as nmap's -p-).
// Sorted, without duplicates. Throws std::invalid_argument naming the bad part.
std::vector<std::uint16_t> parse_ports(std::string_view text);

// Sorted: 80, 81, 88, 443, 554, 1756, 5000, 8000, 8080, 8081, 8443, 8554, 9000, 34567,
// 37777 (ports.cpp says where each comes from).
const std::vector<std::uint16_t>& default_ports();

}  // namespace camaudit::scan
