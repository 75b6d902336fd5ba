// SPDX-License-Identifier: Apache-2.0
// Shared body of every importer fuzz target: the bytes as a whole input file for one
// registered importer (through fmemopen, as the importers read FILE*). A crash, hang,
// sanitizer report or an exception is a bug.
#pragma once

#include <camaudit/ingest/importer.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

inline int fuzz_importer(const char* name, const std::uint8_t* data, std::size_t size) {
  static const camaudit::ingest::Importer* importer = camaudit::ingest::find_importer(name);
  if (importer == nullptr) std::abort();  // the target names an importer the registry lacks
  if (size == 0) return 0;
  std::FILE* file = fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
  if (file == nullptr) return 0;
  camaudit::ingest::ImportOptions options;
  options.max_rows = 1000;
  std::size_t seen = 0;
  const auto report = importer->run({"fuzz", file}, options, [&](camaudit::Observation&&) { ++seen; });
  std::fclose(file);
  if (seen != report.observations) std::abort();  // the count the summary shows must be the truth
  return 0;
}
