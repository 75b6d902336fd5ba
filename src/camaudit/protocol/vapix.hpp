// SPDX-License-Identifier: Apache-2.0
// Axis VAPIX device information, in its two shapes: the JSON of
// /axis-cgi/basicdeviceinfo.cgi (data.propertyList: Brand, ProdNbr, SerialNumber,
// Version, ...; getAllUnrestrictedProperties needs no credentials) and the legacy
// /axis-cgi/param.cgi `root.Brand.ProdNbr=M1065-LW` lines. The shape is chosen by
// content (protocols.md §7, corpus axis_vapix-*.txt).
#pragma once

#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <string_view>

namespace camaudit::protocol {

struct VapixReply {
  FieldList properties;  // basicdeviceinfo propertyList, {"ProdNbr", "Q3505 Mk II"}
  FieldList error;       // basicdeviceinfo error object flattened: "code", "message"
  FieldList params;      // param.cgi, without "root.": {"Brand.ProdNbr", "M1065-LW"}
};

// Accepts the body alone or a whole HTTP response. Errors: JSON that does not parse
// or has neither propertyList nor error, text without `name=value` lines.
Parsed<VapixReply> parse_vapix(std::string_view payload);

// Fields: vapix.<property>, vapix.error.<k>, vapix.param.<name>.
extern const Parser kVapixParser;

}  // namespace camaudit::protocol
