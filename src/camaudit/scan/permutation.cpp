// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/permutation.hpp>

#include <charconv>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace camaudit::scan {

namespace {

__extension__ typedef unsigned __int128 Uint128;

std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b, std::uint64_t m) {
  return static_cast<std::uint64_t>(Uint128{a} * b % m);
}

std::uint64_t pow_mod(std::uint64_t base, std::uint64_t exponent, std::uint64_t m) {
  std::uint64_t result = 1 % m;
  base %= m;
  for (; exponent != 0; exponent >>= 1) {
    if (exponent & 1) result = mul_mod(result, base, m);
    base = mul_mod(base, base, m);
  }
  return result;
}

// Miller-Rabin with the first twelve primes as bases: deterministic below 3.3 * 10^24,
// so for every 64-bit n.
bool is_prime(std::uint64_t n) {
  static constexpr std::uint64_t kBases[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
  if (n < 2) return false;
  for (std::uint64_t p : kBases) {
    if (n % p == 0) return n == p;
  }
  std::uint64_t d = n - 1;
  int twos = 0;
  for (; d % 2 == 0; d /= 2) ++twos;
  for (std::uint64_t a : kBases) {
    std::uint64_t x = pow_mod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    bool composite = true;
    for (int r = 1; r < twos && composite; ++r) {
      x = mul_mod(x, x, n);
      composite = x != n - 1;
    }
    if (composite) return false;
  }
  return true;
}

// The distinct prime factors of n, by trial division: at most 2^24 divisions for the
// largest group Permutation accepts.
std::vector<std::uint64_t> prime_factors(std::uint64_t n) {
  std::vector<std::uint64_t> factors;
  for (std::uint64_t f = 2; f * f <= n; f += (f == 2 ? 1 : 2)) {
    if (n % f != 0) continue;
    factors.push_back(f);
    while (n % f == 0) n /= f;
  }
  if (n > 1) factors.push_back(n);
  return factors;
}

// g generates the whole group mod p when g^((p-1)/q) != 1 for every prime q | p-1.
std::uint64_t smallest_primitive_root(std::uint64_t p) {
  if (p == 2) return 1;
  const auto factors = prime_factors(p - 1);
  for (std::uint64_t g = 2;; ++g) {
    bool generates = true;
    for (std::uint64_t q : factors) generates = generates && pow_mod(g, (p - 1) / q, p) != 1;
    if (generates) return g;
  }
}

// SplitMix64 (Steele, Lea, Flood 2014): turns the seed into independent-looking choices.
std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

// Largest n accepted: p - 1 is factored by trial division, up to sqrt(p) ~ 2^24 steps.
constexpr std::uint64_t kMaxN = std::uint64_t{1} << 48;

}  // namespace

Shard parse_shard(std::string_view text) {
  auto fail = [&](std::string_view why) -> Shard {
    throw std::invalid_argument("shard '" + std::string(text.substr(0, 40)) + "': " + std::string(why));
  };
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return fail("expected I/N, like 1/3");
  auto number = [](std::string_view s) -> std::optional<std::uint64_t> {
    std::uint64_t value = 0;
    if (s.empty() || s.front() < '0' || s.front() > '9') return std::nullopt;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return value;
  };
  auto index = number(text.substr(0, slash)), count = number(text.substr(slash + 1));
  if (!index || !count) return fail("expected I/N with two whole numbers, like 1/3");
  if (*count == 0) return fail("N must be at least 1");
  if (*index < 1 || *index > *count) return fail("I must be between 1 and " + std::to_string(*count));
  return Shard{*index - 1, *count};
}

Permutation::Permutation(std::uint64_t n, std::uint64_t seed, Shard shard) : m_n(n), m_shard(shard) {
  if (n > kMaxN) throw std::invalid_argument("permutation of " + std::to_string(n) + " elements: at most 2^48");
  if (shard.count == 0 || shard.index >= shard.count)
    throw std::invalid_argument("shard " + std::to_string(shard.index) + " of " + std::to_string(shard.count));
  m_prime = n + 1;
  while (!is_prime(m_prime)) ++m_prime;
  // Every generator of the cyclic group is g^k with k coprime to p - 1: the seed picks k,
  // so different seeds walk different orders, and picks where the walk starts.
  const std::uint64_t order = m_prime - 1;
  const std::uint64_t root = smallest_primitive_root(m_prime);
  std::uint64_t state = seed;
  std::uint64_t k = 1;
  if (order > 2) {
    do k = 1 + splitmix64(state) % (order - 1);
    while (std::gcd(k, order) != 1);
  }
  m_generator = pow_mod(root, k, m_prime);
  m_first = 1 + splitmix64(state) % order;
  m_step = pow_mod(m_generator, m_shard.count, m_prime);
  seek(0);
}

std::optional<Permutation::Step> Permutation::next() {
  const std::uint64_t order = m_prime - 1;
  while (m_exponent < order) {
    const Step step{m_exponent, m_current - 1};
    // Advance without overflowing: exponents past the order all mean "done".
    m_exponent = m_shard.count > order - m_exponent ? order : m_exponent + m_shard.count;
    m_current = mul_mod(m_current, m_step, m_prime);
    if (step.index < m_n) return step;
  }
  return std::nullopt;
}

void Permutation::seek(std::uint64_t position) {
  const std::uint64_t order = m_prime - 1;
  // The first exponent >= position that belongs to this shard (e ≡ I mod N).
  std::uint64_t remainder = position % m_shard.count;
  std::uint64_t gap = (m_shard.index + m_shard.count - remainder) % m_shard.count;
  if (position >= order || gap >= order - position) {
    m_exponent = order;
    m_current = 1;
    return;
  }
  m_exponent = position + gap;
  m_current = mul_mod(m_first, pow_mod(m_generator, m_exponent, m_prime), m_prime);
}

std::uint64_t Permutation::positions() const {
  const std::uint64_t order = m_prime - 1;
  if (m_shard.index >= order) return 0;
  return 1 + (order - 1 - m_shard.index) / m_shard.count;
}

}  // namespace camaudit::scan
