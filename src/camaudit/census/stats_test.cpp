// SPDX-License-Identifier: Apache-2.0
// Expected values were computed independently (Python, from the formulas in
// research/census.md §4), and the 2022 intervals are the ones census.md reconstructs.
#include <camaudit/census/stats.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace camaudit::census {
namespace {

void expect_interval(const Interval& got, double estimate, double low, double high, double tolerance = 5e-6) {
  EXPECT_NEAR(got.estimate, estimate, tolerance);
  EXPECT_NEAR(got.low, low, tolerance);
  EXPECT_NEAR(got.high, high, tolerance);
}

TEST(Wilson, MatchesThe2022Reconstructions) {
  expect_interval(wilson(237, 325), 0.729231, 0.678451, 0.774655);  // councils, 73%
  expect_interval(wilson(30, 50), 0.6, 0.461814, 0.723916);         // NHS trusts, 6 in 10
  expect_interval(wilson(14, 40), 0.35, 0.221345, 0.504941);        // police forces
  expect_interval(wilson(418, 663), 0.630468, 0.593073, 0.666359);  // schools, 63%
}

TEST(Wilson, FinitePopulationCorrection) {
  expect_interval(wilson(237, 325, 408), 0.729231, 0.706883, 0.750477);
  expect_interval(wilson(14, 40, 48), 0.35, 0.291874, 0.412951);
  // The whole population answered: no sampling error at all.
  expect_interval(wilson(14, 48, 48), 14.0 / 48, 14.0 / 48, 14.0 / 48, 1e-12);
}

TEST(Wilson, EdgeCases) {
  expect_interval(wilson(0, 10), 0, 0, 0.277533);
  expect_interval(wilson(10, 10), 1, 0.722467, 1);
  expect_interval(wilson(1, 1), 1, 0.206549, 1);
  expect_interval(wilson(0, 1), 0, 0, 0.793451);
  expect_interval(wilson(0, 0), 0, 0, 1, 0);
}

TEST(NonResponse, ManskiBoundsOverTheFrame) {
  // BSCC police survey: 18 of 39 responders, 8 did not respond (census.md §4c).
  expect_interval(nonresponse_bounds(18, 39, 8), 18.0 / 39, 18.0 / 47, 26.0 / 47, 1e-12);
  expect_interval(nonresponse_bounds(0, 0, 0), 0, 0, 1, 0);
}

TEST(Stratified, WeightsByTheFrame) {
  // Two sectors: 60% of 100 responders (N = 400) and 20% of 50 (N = 100).
  Interval i = stratified({{60, 100, 400}, {10, 50, 100}});
  double w1 = 0.8, w2 = 0.2;
  double var = w1 * w1 * 0.6 * 0.4 / 99 * (300.0 / 399) + w2 * w2 * 0.2 * 0.8 / 49 * (50.0 / 99);
  EXPECT_NEAR(i.estimate, w1 * 0.6 + w2 * 0.2, 1e-12);
  EXPECT_NEAR(i.high - i.estimate, kZ95 * std::sqrt(var), 1e-12);
}

TEST(Bootstrap, DeterministicWithASeedAndAroundTheRatio) {
  std::vector<Cluster> orgs = {{3, 10}, {0, 40}, {12, 12}, {5, 50}, {1, 2}, {0, 7}, {9, 30}};
  Interval a = ratio_bootstrap(orgs, 2000, 7), b = ratio_bootstrap(orgs, 2000, 7), c = ratio_bootstrap(orgs, 2000, 8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a.low, c.low);
  EXPECT_NEAR(a.estimate, 30.0 / 151, 1e-12);
  EXPECT_LT(a.low, a.estimate);
  EXPECT_GT(a.high, a.estimate);
  Interval t = total_bootstrap({10, 40, 12, 50}, 40, 500, 1);
  EXPECT_NEAR(t.estimate, 112.0 * 10, 1e-9);
  EXPECT_LE(t.low, t.estimate);
  EXPECT_GE(t.high, t.estimate);
  Interval one = ratio_bootstrap({{2, 4}}, 100, 1);  // one organisation: no spread
  EXPECT_EQ(one, (Interval{0.5, 0.5, 0.5}));
}

TEST(Suppression, SmallCellsAndTheirComplements) {
  // Row 0 has one small cell (3): hiding it alone would let the row total reveal it.
  Suppression s = suppress({{3, 20, 40}, {12, 30, 9}, {15, 6, 50}});
  EXPECT_EQ(s.primary, 1u);
  EXPECT_TRUE(s.suppressed[0][0]);
  for (std::size_t r = 0; r < 3; ++r) {
    int row = 0, column = 0;
    for (std::size_t c = 0; c < 3; ++c) {
      row += s.suppressed[r][c];
      column += s.suppressed[c][r];
    }
    EXPECT_NE(row, 1) << "row " << r;
    EXPECT_NE(column, 1) << "column " << r;
  }
  EXPECT_GT(s.complementary, 0u);
  EXPECT_EQ(published(3, true), "<5");
  EXPECT_EQ(published(20, false), "20");
  Suppression none = suppress({{0, 20}, {7, 30}});
  EXPECT_EQ(none.primary + none.complementary, 0u);
}

}  // namespace
}  // namespace camaudit::census
