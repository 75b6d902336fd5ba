// SPDX-License-Identifier: Apache-2.0
// Shared body of every parser fuzz target: feed the bytes to one registered parser
// as an observation payload. A crash, hang, sanitizer report or an exception is a bug.
#pragma once

#include <camaudit/protocol/protocol.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

inline int fuzz_parser(const char* protocol, const std::uint8_t* data, std::size_t size,
                       const char* path = "") {
  static const camaudit::protocol::Parser* parser = camaudit::protocol::find_parser(protocol);
  if (parser == nullptr) std::abort();  // the target names a parser the registry lacks
  camaudit::Observation obs;
  obs.protocol = protocol;
  obs.path = path;
  obs.payload.assign(reinterpret_cast<const char*>(data), size);
  auto result = parser->parse(obs);
  for (const auto& f : result.fields)
    if (f.value.size() > camaudit::protocol::kMaxFieldBytes) std::abort();
  return 0;
}
