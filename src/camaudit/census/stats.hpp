// SPDX-License-Identifier: Apache-2.0
// The census's statistics, pure functions with their formulas in the comments so a
// reviewer can check them (research/census.md §4):
//   * proportions: Wilson score interval, optionally with the finite population
//     correction (n_eff = n / FPC, FPC = (N - n) / (N - 1));
//   * non-response: worst/best-case (Manski) bounds over the sampling frame;
//   * a stratified estimate across sectors: p = Σ W_h p_h, Var = Σ W_h² Var(p_h);
//   * device shares and totals over organisations (clusters): the ratio of sums with
//     a percentile bootstrap that resamples organisations, with a fixed seed;
//   * small-cell suppression with complementary suppression so totals don't reveal cells.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace camaudit::census {

struct Interval {
  double estimate = 0;
  double low = 0;
  double high = 0;
  friend bool operator==(const Interval&, const Interval&) = default;
};

inline constexpr double kZ95 = 1.959963984540054;

// Wilson score interval for x successes of n. With population_size N > n, the finite
// population correction shrinks the interval (n = N gives a zero-width interval at
// x/n). n = 0 gives the uninformative [0, 1] with estimate 0.
Interval wilson(std::size_t x, std::size_t n, std::optional<std::size_t> population_size = std::nullopt,
                double z = kZ95);

// Manski bounds: the share in the whole frame if every non-responder had none (low) or
// had one (high). responders + non_responders = the frame.
Interval nonresponse_bounds(std::size_t x, std::size_t responders, std::size_t non_responders);

// One stratum (sector) of a stratified estimate.
struct Stratum {
  std::size_t x = 0;           // organisations with the property
  std::size_t n = 0;           // responders
  std::size_t population = 0;  // N_h from the frame (0: unknown, then weights by n)
};
// p = Σ W_h p_h with W_h = N_h / Σ N; Var(p_h) = p_h(1-p_h)/(n_h - 1) · FPC_h (0 when n_h <= 1);
// a normal interval on the combined variance, clipped to [0, 1].
Interval stratified(const std::vector<Stratum>& strata, double z = kZ95);

// One organisation: y of its m devices have the property.
struct Cluster {
  double y = 0;
  double m = 0;
};
// R = Σ y / Σ m, with a percentile bootstrap over organisations (replicates, seed).
Interval ratio_bootstrap(const std::vector<Cluster>& clusters, std::size_t replicates = 2000,
                         std::uint64_t seed = 20221122);
// Total devices scaled from responders to the frame: (Σ m) · N / n, bootstrap over organisations.
Interval total_bootstrap(const std::vector<double>& per_organisation, std::size_t population_size,
                         std::size_t replicates = 2000, std::uint64_t seed = 20221122);

// A table of counts to publish: cells below `threshold` (and above zero) are suppressed,
// then further cells so that no row or column with a published total has exactly one
// suppressed cell (which its total would reveal). suppressed[r][c] is true for a hidden cell.
struct Suppression {
  std::vector<std::vector<bool>> suppressed;
  std::size_t primary = 0;        // cells hidden for being small
  std::size_t complementary = 0;  // cells hidden to protect them
};
Suppression suppress(const std::vector<std::vector<std::size_t>>& counts, std::size_t threshold = 5);
// "<5" for a suppressed cell, else the number.
std::string published(std::size_t count, bool suppressed, std::size_t threshold = 5);

}  // namespace camaudit::census
