// SPDX-License-Identifier: Apache-2.0
// Importers: the source stage for data that already exists (an nmap XML, a ZGrab2
// sweep, a packet capture, an asset register). Each importer turns one file into
// camaudit::Observations and nothing else; identification then treats them exactly
// like scanned ones. One file per format (nmap.cpp, zgrab2.cpp, pcap.cpp,
// register.cpp), one list in registry.cpp.
//
// Contract for every importer:
//  - Any input, including truncated, hostile or enormous files, returns an ImportReport;
//    it never crashes, hangs or throws, and its memory is bounded (each format says how).
//  - A record it cannot read is counted in `rejected` with where it was and why; a file
//    it cannot go on reading sets `error`, and what was read before is kept.
#pragma once

#include <camaudit/core/observation.hpp>

#include <cstddef>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit::ingest {

struct ImportOptions {
  // --columns: role ("make", "model", "serial", ...) -> header text or 1-based column number.
  std::map<std::string, std::string> columns;
  std::size_t max_rows = 200'000;          // register rows; past it the import stops with an error
  std::size_t max_bytes = std::size_t{1} << 30;  // formats read whole (XML, CSV, XLSX)
};

struct Rejected {
  std::size_t where = 0;  // row, line, host or packet number (ImportReport::unit)
  std::string reason;
};

struct ImportReport {
  static constexpr std::size_t kMaxKept = 1000;  // rejected entries kept verbatim; all are counted

  std::string unit = "record";   // what `records` and Rejected::where count: "row", "line", "packet", "host"
  std::string tool;              // producer and version found in the file ("nmap 7.93"), empty if none
  std::size_t records = 0;       // records read (rows, lines, hosts, packets)
  std::size_t observations = 0;  // observations handed to the sink
  std::size_t rejected_count = 0;
  std::vector<Rejected> rejected;             // the first kMaxKept
  std::map<std::string, std::size_t> counts;  // format-specific counters ("blank rows", "streams evicted")
  std::optional<std::string> error;           // why reading stopped early; what was read is kept

  void reject(std::size_t where, std::string reason);
};

struct ImportInput {
  std::string name;           // file name as given (labels observations and messages)
  std::FILE* file = nullptr;  // open for reading, binary
};

using ObservationSink = std::function<void(Observation&&)>;

struct Importer {
  std::string_view name;     // the `camaudit import NAME` word
  std::string_view summary;  // one line for --help and the README
  ImportReport (*run)(const ImportInput& in, const ImportOptions& options, const ObservationSink& sink);
};

// Every importer, one explicit list in registry.cpp.
std::span<const Importer> importers();
const Importer* find_importer(std::string_view name);

// Reads the whole of `file`, at most `cap` bytes; nullopt and `error` when it is larger
// or unreadable (formats whose parsers need the whole document use this).
std::optional<std::string> read_all(std::FILE* file, std::size_t cap, std::string& error);

// The last component of a path ("a/b/c.csv" -> "c.csv"): observations and device keys
// carry it so two imports of the same file agree wherever it was read from.
std::string base_name(std::string_view path);

}  // namespace camaudit::ingest
