// SPDX-License-Identifier: Apache-2.0
// `camaudit scan` arguments: target specs (never resolved here: a host name only returns
// nothing), -p port lists, --shard, and the permutation they feed. Any bytes give a
// result or the documented exception; the checks below abort when a result is wrong.
#include <camaudit/scan/permutation.hpp>
#include <camaudit/scan/ports.hpp>
#include <camaudit/scan/targets.hpp>
#include <camaudit/util/text.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

namespace {

using namespace camaudit::scan;

void check(bool ok) {
  if (!ok) std::abort();
}

void check_target(std::string_view text) {
  std::optional<TargetSet::Block> block;
  try {
    block = parse_target(text);
  } catch (const TargetError&) {
    return;
  }
  if (!block) return;  // a host name: TargetSet::add would resolve it, so not here
  const std::uint64_t size = block->size();
  check(size >= 1);
  for (std::uint64_t i : {std::uint64_t{0}, size / 2, size - 1}) {
    const IpAddress address = block->at(i);
    check(address.v6 == block->v6);
    check(block->contains(address));
    public_reason(address);
    // str() gives a form parse_target reads back as the same single address.
    auto again = parse_target(address.str());
    check(again && again->size() == 1 && again->at(0) == address);
  }
  // The block-bounds guard agrees with the per-address one at the ends. add() trims and
  // then parses the same text, so it takes the block above and never calls the resolver.
  check(camaudit::util::trim(text) == text);
  TargetSet set;
  set.add(text);
  check(set.size() == size);
  if (set.public_specs().empty()) {
    check(public_reason(block->at(0)).empty());
    check(public_reason(block->at(size - 1)).empty());
  }
}

void check_ports(std::string_view text) {
  try {
    auto ports = parse_ports(text);
    check(!ports.empty());
    for (std::size_t i = 0; i < ports.size(); ++i) check(ports[i] >= 1 && (i == 0 || ports[i - 1] < ports[i]));
  } catch (const std::invalid_argument&) {
  }
}

void check_shard(std::string_view text) {
  try {
    Shard shard = parse_shard(text);
    check(shard.count >= 1 && shard.index < shard.count);
  } catch (const std::invalid_argument&) {
  }
}

// A small permutation from the first bytes: every index once over all shards, and seek
// lands where a walk would.
void check_permutation(const std::uint8_t* data, std::size_t size) {
  if (size < 12) return;
  std::uint64_t seed = 0;
  std::memcpy(&seed, data + 3, sizeof seed);
  const std::uint64_t n = (std::uint64_t{data[0]} << 8 | data[1]) % 2048;
  const std::uint64_t shards = 1 + data[2] % 5;
  std::vector<std::uint8_t> seen(n, 0);
  for (std::uint64_t index = 0; index < shards; ++index) {
    Permutation permutation(n, seed, {index, shards});
    std::vector<Permutation::Step> steps;
    while (auto step = permutation.next()) {
      check(step->index < n && step->position % shards == index && ++seen[step->index] == 1);
      steps.push_back(*step);
    }
    if (steps.empty()) continue;
    const auto& middle = steps[data[11] % steps.size()];
    Permutation resumed(n, seed, {index, shards});
    resumed.seek(middle.position);
    auto step = resumed.next();
    check(step && step->index == middle.index && step->position == middle.position);
  }
  for (std::uint8_t count : seen) check(count == 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_target(text);
  check_ports(text);
  check_shard(text);
  check_permutation(data, size);
  return 0;
}
