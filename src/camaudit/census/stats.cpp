// SPDX-License-Identifier: Apache-2.0
#include <camaudit/census/stats.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace camaudit::census {

namespace {

// splitmix64 and Lemire's multiply-shift: the same replicates on every platform and
// standard library for a given seed (std::uniform_int_distribution is not specified).
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) for n < 2^32 (organisations, never more): the high 32 bits scaled.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(((next() >> 32) * n) >> 32); }
};

// Quantile with linear interpolation between order statistics (Hyndman-Fan type 7).
double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  double h = (static_cast<double>(sorted.size()) - 1) * q;
  auto lo = static_cast<std::size_t>(std::floor(h));
  std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

template <class Statistic>
Interval bootstrap(std::size_t n, std::size_t replicates, std::uint64_t seed, double estimate, Statistic stat) {
  if (n == 0 || replicates == 0) return {estimate, estimate, estimate};
  Random random{seed};
  std::vector<double> values;
  values.reserve(replicates);
  std::vector<std::size_t> draw(n);
  for (std::size_t r = 0; r < replicates; ++r) {
    for (std::size_t& i : draw) i = random.below(n);
    values.push_back(stat(draw));
  }
  std::sort(values.begin(), values.end());
  return {estimate, quantile(values, 0.025), quantile(values, 0.975)};
}

}  // namespace

Interval wilson(std::size_t x, std::size_t n, std::optional<std::size_t> population_size, double z) {
  if (n == 0) return {0, 0, 1};
  double p = static_cast<double>(x) / static_cast<double>(n);
  double n_eff = static_cast<double>(n);
  if (population_size && *population_size > 1 && *population_size >= n) {
    double N = static_cast<double>(*population_size);
    double fpc = (N - n_eff) / (N - 1);
    if (fpc <= 0) return {p, p, p};  // the whole population answered: no sampling error
    n_eff /= fpc;
  }
  double z2 = z * z;
  double denominator = 1 + z2 / n_eff;
  double centre = (p + z2 / (2 * n_eff)) / denominator;
  double half = z * std::sqrt(p * (1 - p) / n_eff + z2 / (4 * n_eff * n_eff)) / denominator;
  return {p, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Interval nonresponse_bounds(std::size_t x, std::size_t responders, std::size_t non_responders) {
  double frame = static_cast<double>(responders + non_responders);
  if (frame == 0) return {0, 0, 1};
  double estimate = responders ? static_cast<double>(x) / static_cast<double>(responders) : 0;
  return {estimate, static_cast<double>(x) / frame, static_cast<double>(x + non_responders) / frame};
}

Interval stratified(const std::vector<Stratum>& strata, double z) {
  double total = 0;
  bool frame_known = std::all_of(strata.begin(), strata.end(), [](const Stratum& s) { return s.population > 0; });
  for (const Stratum& s : strata) total += static_cast<double>(frame_known ? s.population : s.n);
  if (total == 0) return {0, 0, 1};
  double estimate = 0, variance = 0;
  for (const Stratum& s : strata) {
    if (s.n == 0) continue;
    double w = static_cast<double>(frame_known ? s.population : s.n) / total;
    double p = static_cast<double>(s.x) / static_cast<double>(s.n);
    estimate += w * p;
    if (s.n <= 1) continue;
    double fpc = frame_known && s.population > 1
                     ? std::max(0.0, static_cast<double>(s.population - std::min(s.n, s.population)) /
                                         static_cast<double>(s.population - 1))
                     : 1.0;
    variance += w * w * p * (1 - p) / static_cast<double>(s.n - 1) * fpc;
  }
  double half = z * std::sqrt(variance);
  return {estimate, std::max(0.0, estimate - half), std::min(1.0, estimate + half)};
}

Interval ratio_bootstrap(const std::vector<Cluster>& clusters, std::size_t replicates, std::uint64_t seed) {
  auto ratio = [&](auto&& indexes) {
    double y = 0, m = 0;
    for (std::size_t i : indexes) {
      y += clusters[i].y;
      m += clusters[i].m;
    }
    return m > 0 ? y / m : 0.0;
  };
  std::vector<std::size_t> all(clusters.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  return bootstrap(clusters.size(), replicates, seed, ratio(all), ratio);
}

Interval total_bootstrap(const std::vector<double>& per_organisation, std::size_t population_size,
                         std::size_t replicates, std::uint64_t seed) {
  std::size_t n = per_organisation.size();
  double scale = n ? static_cast<double>(std::max(population_size, n)) / static_cast<double>(n) : 0;
  auto total = [&](auto&& indexes) {
    double sum = 0;
    for (std::size_t i : indexes) sum += per_organisation[i];
    return sum * scale;
  };
  std::vector<std::size_t> all(n);
  std::iota(all.begin(), all.end(), std::size_t{0});
  return bootstrap(n, replicates, seed, total(all), total);
}

namespace {
// Hides one more cell of a line (row or column) that has exactly one hidden cell: the
// smallest visible one, preferring a non-zero count (hiding a zero protects little).
bool protect_line(const std::vector<std::vector<std::size_t>>& counts, Suppression& s,
                  const std::vector<std::pair<std::size_t, std::size_t>>& cells) {
  std::size_t hidden = 0;
  for (auto [r, c] : cells) hidden += s.suppressed[r][c];
  if (hidden != 1) return false;
  const std::pair<std::size_t, std::size_t>* best = nullptr;
  auto better = [&](std::pair<std::size_t, std::size_t> a, std::pair<std::size_t, std::size_t> b) {
    std::size_t va = counts[a.first][a.second], vb = counts[b.first][b.second];
    if ((va == 0) != (vb == 0)) return va != 0;
    return va < vb;
  };
  for (const auto& cell : cells)
    if (!s.suppressed[cell.first][cell.second] && (!best || better(cell, *best))) best = &cell;
  if (!best) return false;
  s.suppressed[best->first][best->second] = true;
  ++s.complementary;
  return true;
}
}  // namespace

Suppression suppress(const std::vector<std::vector<std::size_t>>& counts, std::size_t threshold) {
  Suppression s;
  std::size_t columns = 0;
  for (const auto& row : counts) columns = std::max(columns, row.size());
  s.suppressed.assign(counts.size(), std::vector<bool>(columns, false));
  for (std::size_t r = 0; r < counts.size(); ++r)
    for (std::size_t c = 0; c < counts[r].size(); ++c)
      if (counts[r][c] > 0 && counts[r][c] < threshold) {
        s.suppressed[r][c] = true;
        ++s.primary;
      }
  // Ragged rows are padded with zero cells that exist only for the column lines.
  std::vector<std::vector<std::size_t>> full(counts.size(), std::vector<std::size_t>(columns, 0));
  for (std::size_t r = 0; r < counts.size(); ++r) std::copy(counts[r].begin(), counts[r].end(), full[r].begin());
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t r = 0; r < full.size(); ++r) {
      std::vector<std::pair<std::size_t, std::size_t>> cells;
      for (std::size_t c = 0; c < columns; ++c) cells.emplace_back(r, c);
      changed |= protect_line(full, s, cells);
    }
    for (std::size_t c = 0; c < columns; ++c) {
      std::vector<std::pair<std::size_t, std::size_t>> cells;
      for (std::size_t r = 0; r < full.size(); ++r) cells.emplace_back(r, c);
      changed |= protect_line(full, s, cells);
    }
  }
  return s;
}

std::string published(std::size_t count, bool suppressed, std::size_t threshold) {
  return suppressed ? "<" + std::to_string(threshold) : std::to_string(count);
}

}  // namespace camaudit::census
