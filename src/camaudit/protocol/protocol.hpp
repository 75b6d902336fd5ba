// SPDX-License-Identifier: Apache-2.0
// Protocol parsers: pure functions from the bytes a device sent to the keyed
// fields the knowledge base matches on. One file per protocol (http.cpp, sadp.cpp,
// ...). The same parsers serve `identify`, live probes and capture import, so they
// never do I/O, never throw on bad input and never read beyond the payload.
//
// Contract for every parser:
//  - Any input, including truncated, oversized, non-UTF-8 or hostile bytes, returns
//    a ParseResult; it never crashes, hangs or throws.
//  - When the bytes are not what the protocol expects, `error` says why in one line
//    ("no HTTP status line", "SADP: XML parse error at offset 12: ..."). Fields cut
//    before the problem may still be returned; the observation is then recorded as
//    "unparsed" with that error, never silently dropped.
//  - Field values are bounded (kMaxFieldBytes) so one hostile device cannot blow up
//    memory downstream.
#pragma once

#include <camaudit/core/observation.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit::protocol {

inline constexpr std::size_t kMaxFieldBytes = 64 * 1024;

struct ParseResult {
  std::vector<Field> fields;
  std::optional<std::string> error;  // set when the payload could not be (fully) parsed

  void add(std::string key, std::string_view value);  // truncates to kMaxFieldBytes
};

struct Parser {
  std::string_view protocol;  // the Observation::protocol value it handles
  std::string_view summary;   // one line for `camaudit kb stats` / docs
  // Field keys this parser can emit. A trailing '*' stands for any suffix
  // ("sadp.*": every ProbeMatch element). kb check uses this to reject rules keyed
  // on a field no parser produces.
  std::span<const std::string_view> keys;
  ParseResult (*parse)(const Observation& obs);
};

// Every parser, one explicit list in registry.cpp.
std::span<const Parser> parsers();
const Parser* find_parser(std::string_view protocol);

// True when `key` is produced by some parser (honours trailing '*' wildcards).
bool known_field_key(std::string_view key);

}  // namespace camaudit::protocol
