// SPDX-License-Identifier: Apache-2.0
// Test helpers for parser tests: build an Observation, run the registered parser on
// it, read back the fields it produced, and cut a payload out of a prose-ish corpus
// file. Every parser test uses these, so none keeps its own copy.
#pragma once

#include <camaudit/protocol/protocol.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace camaudit::protocol::testing {

// An Observation of `protocol` carrying `payload`, the way an importer builds one.
// Tests that need more (an HTTP path, register make/model) set it on the result.
inline Observation make_observation(std::string_view protocol, std::string payload) {
  Observation obs;
  obs.protocol = std::string(protocol);
  obs.payload = std::move(payload);
  return obs;
}

// Runs the registered parser for `obs.protocol` (throws if the registry lacks it), so
// every test also exercises the lookup `identify` uses.
inline ParseResult parse_observation(const Observation& obs) {
  const Parser* parser = find_parser(obs.protocol);
  if (parser == nullptr) throw std::runtime_error("no parser registered for " + obs.protocol);
  return parser->parse(obs);
}

// Runs the registered parser for `protocol` on `payload`.
inline ParseResult parse_with(std::string_view protocol, std::string payload) {
  return parse_observation(make_observation(protocol, std::move(payload)));
}

// Every value of `key`, in order.
inline std::vector<std::string> field_values(const ParseResult& r, std::string_view key) {
  std::vector<std::string> out;
  for (const Field& f : r.fields)
    if (f.key == key) out.push_back(f.value);
  return out;
}

// The first value of `key`, or "<absent>".
inline std::string field_value(const ParseResult& r, std::string_view key) {
  auto all = field_values(r, key);
  return all.empty() ? "<absent>" : all.front();
}

// The part of `text` from the first `from` (included) up to the next `to` after it
// (excluded; to the end when `to` is empty). Throws when a marker is missing.
inline std::string cut(std::string_view text, std::string_view from, std::string_view to = {}) {
  std::size_t start = text.find(from);
  if (start == std::string_view::npos) throw std::runtime_error("marker not found: " + std::string(from));
  if (to.empty()) return std::string(text.substr(start));
  std::size_t end = text.find(to, start + from.size());
  if (end == std::string_view::npos) throw std::runtime_error("marker not found: " + std::string(to));
  return std::string(text.substr(start, end - start));
}

}  // namespace camaudit::protocol::testing
