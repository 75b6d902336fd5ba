// SPDX-License-Identifier: Apache-2.0
// Every importer's header, for registry.cpp.
#pragma once

#include <camaudit/ingest/nmap.hpp>
#include <camaudit/ingest/pcap.hpp>
#include <camaudit/ingest/register.hpp>
#include <camaudit/ingest/zgrab2.hpp>
