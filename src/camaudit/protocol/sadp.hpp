// SPDX-License-Identifier: Apache-2.0
// Hikvision SADP (Search Active Devices Protocol, UDP 37020): the XML a device sends
// in answer to an inquiry (<ProbeMatch>), and the <Probe> requests SADP tools send.
// Every child element is kept verbatim, firmware typos included ("flase"), because
// the knowledge base matches on them (protocols.md §1.3).
#pragma once

#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <string>
#include <string_view>

namespace camaudit::protocol {

struct SadpMessage {
  std::string root;    // "ProbeMatch" (device reply) or "Probe" (request)
  FieldList elements;  // each child element: {local name, trimmed text}, in order
};

// Errors: not XML, a root other than ProbeMatch/Probe, malformed XML (elements read
// before the problem are kept).
Parsed<SadpMessage> parse_sadp(std::string_view payload);

// Fields: sadp.message (root name), sadp.<Element> for each child.
extern const Parser kSadpParser;

}  // namespace camaudit::protocol
