// SPDX-License-Identifier: Apache-2.0
// XML as devices send it, turned into fields. Hikvision SADP and ISAPI, ONVIF SOAP
// and WS-Discovery replies are small XML documents whose namespace prefixes vary by
// vendor (tds:, d:, wsdd:, none), with firmware quirks: a BOM or junk before the
// first tag, CRLF line ends, mismatched closing tags. Everything here matches on
// local names and keeps the part of the tree parsed before an error.
// Internal to camaudit::protocol.
#pragma once

#include <camaudit/protocol/payload.hpp>

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace camaudit::protocol {

// Loads `text` into `doc`, skipping a BOM and anything before the first '<' and
// cutting input beyond kMaxInputBytes. Returns a one-line error (prefixed with
// `protocol_label`, offsets relative to `text`) when the XML is malformed; the
// elements parsed before the problem stay in `doc`.
std::optional<std::string> load_xml(pugi::xml_document& doc, std::string_view text,
                                    std::string_view protocol_label);

// "tds:Manufacturer" -> "Manufacturer".
std::string_view local_name(std::string_view qualified_name) noexcept;

// First element (depth-first, document order, at most kMaxNestingDepth deep) under
// `root` whose local name is `name`; an empty node when there is none.
pugi::xml_node find_element(pugi::xml_node root, std::string_view name);

// First child that is an element (skips text, comments, declarations).
pugi::xml_node first_element_child(pugi::xml_node node);

// The element's own text (pcdata and CDATA children), whitespace-trimmed.
std::string element_text(pugi::xml_node element);

// Appends one field per leaf child element of `parent`: {prefix + local name, text}.
// Nested children are flattened with '.' ("prefix.Parent.Child"), bounded by
// kMaxNestingDepth and kMaxFieldsPerPayload.
void element_children_fields(pugi::xml_node parent, const std::string& prefix, FieldList& out);

}  // namespace camaudit::protocol
