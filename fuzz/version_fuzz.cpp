// SPDX-License-Identifier: Apache-2.0
// Firmware versions (assess/version.hpp) come from devices: any bytes give a parsed
// version or an unparsed one with its reason, and the order is consistent. The checks
// below abort when a result is wrong.
#include <camaudit/assess/version.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace camaudit::assess;

void check(bool ok) {
  if (!ok) std::abort();
}

Order flip(Order o) { return o == Order::less ? Order::greater : o == Order::greater ? Order::less : o; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Two versions from one input: split at the first newline.
  const std::size_t cut = text.find('\n');
  const Version a = parse_version(text.substr(0, cut));
  const Version b = parse_version(cut == std::string_view::npos ? std::string_view() : text.substr(cut + 1));
  for (const Version* v : {&a, &b}) {
    check(v->ok() == v->error.empty());
    check(v->ok() || v->numbers.empty());
    if (v->ok()) {
      check(!v->numbers.empty());
      check(compare(*v, *v) == Order::equal);
      check(compare_to_bound(*v, *v) == Order::equal);
      // Parsing what was parsed gives the same version.
      const Version again = parse_version(v->text);
      check(again.ok() && compare(again, *v) == Order::equal && again.scheme == v->scheme);
    } else {
      check(compare(*v, *v) == Order::unknown);
    }
    (void)v->describe();
    if (v->build) check(parse_build_date(v->build->str()).has_value());
  }
  check(compare(a, b) == flip(compare(b, a)));
  (void)parse_build_date(text);
  return 0;
}
