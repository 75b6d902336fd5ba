// SPDX-License-Identifier: Apache-2.0
// The JSON Lines observation reader (`camaudit identify` input): any bytes give an
// observation or an error, never a crash. One line through parse_observation_line, then
// the whole input through the streaming reader with a tiny read size and line cap, so
// line splitting, over-long lines, NUL bytes and the stray-byte repair are all reached;
// the checks below abort when the reader's counts disagree with what it passed on.
#include <camaudit/identify/observation_reader.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace camaudit::identify;
  camaudit::Observation obs;
  ReadError error, warning;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (parse_observation_line(text, 1, obs, error, warning)) check(!obs.protocol.empty() && !obs.device.empty());
  else check(!error.reason.empty() && !error.message.empty());

  std::FILE* in = fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
  if (in == nullptr) return 0;
  ReaderOptions options;
  options.chunk_bytes = 1 + (size > 0 ? data[0] % 61 : 0);
  options.max_line_bytes = 48 + (size > 1 ? data[1] : 0);
  options.max_reported = 5;
  std::size_t accepted = 0, reported = 0;
  ObservationReader reader(in, options);
  check(reader.read([&](camaudit::Observation&& o) { check(!o.protocol.empty()), ++accepted; },
                    [&](const ReadError& e) { check(e.line >= 1 && !e.reason.empty()), ++reported; }));
  std::fclose(in);
  const ReadStats& stats = reader.stats();
  check(stats.accepted == accepted);
  check(reported <= options.max_reported);
  check(stats.accepted + stats.rejected <= stats.lines);
  check(!stats.summary().empty());
  return 0;
}
