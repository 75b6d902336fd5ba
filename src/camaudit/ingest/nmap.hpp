// SPDX-License-Identifier: Apache-2.0
// nmap XML (-oX, nmap 7.x). Per host: its address (IPv4, else IPv6), its MAC as a `mac`
// observation (nmap's vendor guess rides along as nmap.mac_vendor); per open port: one
// `nmap` observation (the -sV guess and the port's script outputs, protocol/nmap.hpp),
// a `banner` observation for the banner script and a `tls` observation for ssl-cert's
// PEM, so the raw signals go through the same parsers as camaudit's own probes.
//
// Safety: pugixml never expands DTD entities (a billion-laughs file stays inert) and the
// file is read whole up to ImportOptions::max_bytes. A truncated file (an nmap run
// killed mid-way) keeps every host read before the cut and says where it stopped.
#pragma once

#include <camaudit/ingest/importer.hpp>

namespace camaudit::ingest {

extern const Importer kNmapImporter;

// nmap escapes non-printable bytes in script output as \xNN; this undoes it.
std::string nmap_unescape(std::string_view text);

}  // namespace camaudit::ingest
