// SPDX-License-Identifier: Apache-2.0
// No output may overwrite an input or another output: `identify x -o x` would truncate
// its own input, `scan -o X --csv X` would interleave two formats. Paths are compared as
// files (device and inode) when they exist, else by their absolute, normalised form.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace camaudit::pipeline {

// (what it is, path): e.g. {"-o", "devices.jsonl"}. Empty paths and "-" are ignored.
using NamedPath = std::pair<std::string, std::string>;

// The first clash, as a message ("-o devices.jsonl is the same file as --csv x.csv"); empty when none.
std::string path_clash(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs);

}  // namespace camaudit::pipeline
