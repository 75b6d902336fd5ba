// SPDX-License-Identifier: Apache-2.0
// The order in which targets are visited: a pseudo-random permutation of [0, n) from
// the multiplicative group of integers modulo a prime p > n (ZMap's cyclic-group
// approach, Durumeric et al., USENIX Security 2013). Consecutive probes land far apart,
// so no subnet is hammered, and the state is three integers whatever n is.
//
// The cycle is x_e = first * g^e mod p for e = 0, 1, ..., p - 2; x_e - 1 is the index,
// and values >= n are skipped. Shard I of N takes the exponents e ≡ I (mod N), so N
// machines with the same seed split the work with no coordination and no overlap, and
// together cover every index exactly once.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace camaudit::scan {

struct Shard {
  std::uint64_t index = 0;  // 0-based I
  std::uint64_t count = 1;  // N
};
// "I/N" with 1 <= I <= N (1-based, as the CLI takes it). Throws std::invalid_argument.
Shard parse_shard(std::string_view text);

class Permutation {
 public:
  // n may be 0 (nothing to visit). The same (n, seed) always gives the same cycle.
  // Throws std::invalid_argument for n > 2^48 (p - 1 is factored by trial division) or
  // a shard with index >= count.
  Permutation(std::uint64_t n, std::uint64_t seed, Shard shard = {});

  struct Step {
    std::uint64_t position;  // the exponent e: resume from here with seek()
    std::uint64_t index;     // in [0, n)
  };
  // The next index of this shard, or nothing when the shard is done.
  std::optional<Step> next();
  // Continues so that the next step has position >= `position` (skipping what came before):
  // seek(step.position) visits that step again, seek(step.position + 1) resumes after it.
  void seek(std::uint64_t position);
  std::uint64_t position() const { return m_exponent; }
  std::uint64_t prime() const { return m_prime; }
  // How many positions the shard walks in all (an upper bound for progress: some are skipped).
  std::uint64_t positions() const;

 private:
  std::uint64_t m_n, m_prime, m_generator, m_first;
  Shard m_shard;
  std::uint64_t m_exponent;  // next exponent to try
  std::uint64_t m_current;   // first * g^m_exponent mod p
  std::uint64_t m_step;      // g^N mod p
};

}  // namespace camaudit::scan
