// SPDX-License-Identifier: Apache-2.0
// Names a mistyped command or option, with the nearest valid one: CLI11 alone says
// "A subcommand is required" for `camaudit scna` and "not expected" for `--rat`.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace camaudit::app {

// Exit statuses, the same for every command (README "Exit status", every --help footer).
inline constexpr int kExitOk = 0;        // done, nothing wrong
inline constexpr int kExitProblems = 1;  // done, with problems (rejected input, kb problems, interrupted)
inline constexpr int kExitUsage = 2;     // could not run: usage error, unreadable input, broken knowledge base
inline constexpr const char* kExitStatusHelp =
    "Exit status: 0 done, nothing wrong; 1 done, with problems (input lines rejected, knowledge-base "
    "problems, an interrupted scan); 2 could not run (a usage error, unreadable input or output, a broken "
    "knowledge base).";

// The words of the command line after the program name. Checks the command path (every
// word that must name a command does) and, when `check_options`, the options of the
// command reached. Returns the message for the first mistake, or nothing.
std::optional<std::string> find_mistake(CLI::App& app, const std::vector<std::string>& args, bool check_options);

// The nearest of `candidates` to `word` if it is near enough to be a likely typo.
std::optional<std::string> nearest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace camaudit::app
