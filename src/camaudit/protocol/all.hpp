// SPDX-License-Identifier: Apache-2.0
// Includes every protocol's header (one line per protocol), for the registry.
#pragma once
// HEADERS (keep this marker: one #include per line below it)
#include <camaudit/protocol/register.hpp>
#include <camaudit/protocol/dhcp.hpp>
#include <camaudit/protocol/mac.hpp>
#include <camaudit/protocol/mdns.hpp>
#include <camaudit/protocol/nmap.hpp>
#include <camaudit/protocol/ssdp.hpp>
#include <camaudit/protocol/upnp.hpp>
#include <camaudit/protocol/banner.hpp>
#include <camaudit/protocol/ftp.hpp>
#include <camaudit/protocol/telnet.hpp>
#include <camaudit/protocol/tls.hpp>
#include <camaudit/protocol/rtsp.hpp>
#include <camaudit/protocol/http.hpp>
#include <camaudit/protocol/sadp.hpp>
#include <camaudit/protocol/dhip.hpp>
#include <camaudit/protocol/dahua5050.hpp>
#include <camaudit/protocol/dvrip.hpp>
#include <camaudit/protocol/wsd.hpp>
#include <camaudit/protocol/onvif.hpp>
#include <camaudit/protocol/isapi.hpp>
#include <camaudit/protocol/magicbox.hpp>
#include <camaudit/protocol/rpc2.hpp>
#include <camaudit/protocol/vapix.hpp>
#include <camaudit/protocol/sunapi.hpp>
#include <camaudit/protocol/lapi.hpp>
#include <camaudit/protocol/reolink.hpp>
#include <camaudit/protocol/baichuan.hpp>
