// SPDX-License-Identifier: Apache-2.0
// What the store commands (audits, show, diff, reidentify, store ...) share: the
// --store option, naming an audit on the command line, the time, and terminal-safe text.
#pragma once

#include <camaudit/store/store.hpp>

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace camaudit::app {

struct StoreOptions {
  std::string path;  // --store; empty: Store::default_path()
  void add_to(CLI::App& command);
  // Opens the store (creating the default folder when it is missing). Throws StoreError.
  std::unique_ptr<store::Store> open() const;
};

// "12" or "latest" -> an audit id that exists. Throws StoreError naming what is wrong.
AuditId resolve_audit(store::Store& store, const std::string& spec);

std::string utc_now();  // RFC 3339, seconds
// Device-supplied text for a terminal: valid UTF-8, control characters as \xNN.
std::string printable(std::string_view text);
std::string printable(const std::optional<std::string>& text);  // nullopt -> "-"
inline std::string printable(const std::string& text) { return printable(std::string_view(text)); }
inline std::string printable(const char* text) { return printable(std::string_view(text)); }

}  // namespace camaudit::app
