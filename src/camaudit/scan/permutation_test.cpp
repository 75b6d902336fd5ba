// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/permutation.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace camaudit::scan {
namespace {

using ::testing::HasSubstr;

std::vector<Permutation::Step> walk(Permutation& permutation) {
  std::vector<Permutation::Step> steps;
  while (auto step = permutation.next()) steps.push_back(*step);
  return steps;
}

std::vector<std::uint64_t> indices(std::uint64_t n, std::uint64_t seed, Shard shard = {}) {
  Permutation permutation(n, seed, shard);
  std::vector<std::uint64_t> out;
  for (const auto& step : walk(permutation)) out.push_back(step.index);
  return out;
}

TEST(Permutation, ShardsTogetherCoverEveryIndexExactlyOnce) {
  for (std::uint64_t n : {0, 1, 2, 3, 10, 256, 1000, 65536}) {
    for (std::uint64_t shards : {1, 3}) {
      std::vector<int> visits(n, 0);
      for (std::uint64_t shard = 0; shard < shards; ++shard) {
        Permutation permutation(n, 42, Shard{shard, shards});
        std::uint64_t walked = 0;
        for (const auto& step : walk(permutation)) {
          ASSERT_LT(step.index, n);
          ++visits[step.index];
          EXPECT_EQ(step.position % shards, shard) << "n=" << n;  // e ≡ I (mod N)
          ++walked;
        }
        EXPECT_LE(walked, permutation.positions());
        EXPECT_FALSE(permutation.next().has_value());  // stays done
      }
      for (std::uint64_t i = 0; i < n; ++i) ASSERT_EQ(visits[i], 1) << "n=" << n << " shards=" << shards << " i=" << i;
    }
  }
}

TEST(Permutation, PrimeIsTheSmallestAboveN) {
  EXPECT_EQ(Permutation(0, 1).prime(), 2u);
  EXPECT_EQ(Permutation(1, 1).prime(), 2u);
  EXPECT_EQ(Permutation(2, 1).prime(), 3u);
  EXPECT_EQ(Permutation(256, 1).prime(), 257u);
  EXPECT_EQ(Permutation(65536, 1).prime(), 65537u);
  EXPECT_EQ(Permutation(1u << 24, 1).prime(), 16777259u);
  EXPECT_EQ(Permutation(std::uint64_t{1} << 32, 1).prime(), 4294967311u);
  EXPECT_EQ(Permutation(std::uint64_t{1} << 40, 1).prime(), 1099511627791u);
  // Positions: every exponent of the group, split between shards.
  EXPECT_EQ(Permutation(1000, 1).positions(), 1008u);  // p = 1009
  EXPECT_EQ(Permutation(1000, 1, {0, 3}).positions() + Permutation(1000, 1, {1, 3}).positions() +
                Permutation(1000, 1, {2, 3}).positions(),
            1008u);
}

TEST(Permutation, LargeGroupsStartQuickly) {
  // n = 2^40 (TargetSet's limit): p - 1 is factored by trial division. Walk a little.
  Permutation permutation(std::uint64_t{1} << 40, 7, {1, 4});
  for (int i = 0; i < 1000; ++i) {
    auto step = permutation.next();
    ASSERT_TRUE(step.has_value());
    EXPECT_LT(step->index, std::uint64_t{1} << 40);
    EXPECT_EQ(step->position % 4, 1u);
  }
}

TEST(Permutation, SameSeedSameOrderOtherSeedOtherOrder) {
  EXPECT_EQ(indices(1000, 1), indices(1000, 1));
  EXPECT_EQ(indices(65536, 99, {1, 3}), indices(65536, 99, {1, 3}));
  EXPECT_NE(indices(1000, 1), indices(1000, 2));
  EXPECT_NE(indices(65536, 1), indices(65536, 2));
  // Not the identity either.
  std::vector<std::uint64_t> identity(1000);
  for (std::uint64_t i = 0; i < 1000; ++i) identity[i] = i;
  EXPECT_NE(indices(1000, 1), identity);
}

TEST(Permutation, SeekContinuesIdentically) {
  for (Shard shard : {Shard{0, 1}, Shard{2, 3}}) {
    Permutation original(1000, 5, shard);
    auto steps = walk(original);
    ASSERT_GT(steps.size(), 100u);
    const auto resume_from = steps[100];
    Permutation resumed(1000, 5, shard);
    resumed.seek(resume_from.position);  // that step again, then the rest
    std::vector<Permutation::Step> rest = walk(resumed);
    ASSERT_EQ(rest.size(), steps.size() - 100);
    for (std::size_t i = 0; i < rest.size(); ++i) {
      EXPECT_EQ(rest[i].index, steps[100 + i].index);
      EXPECT_EQ(rest[i].position, steps[100 + i].position);
    }
    // Resuming after a step, from a position outside the shard, and past the end.
    Permutation after(1000, 5, shard);
    after.seek(resume_from.position + 1);
    EXPECT_EQ(after.next()->index, steps[101].index);
    EXPECT_EQ(after.position(), steps[101].position + shard.count);
    Permutation done(1000, 5, shard);
    done.seek(~std::uint64_t{0});
    EXPECT_FALSE(done.next().has_value());
  }
}

TEST(Permutation, ConsecutiveIndicesAreSpreadOut) {
  // As a /16 of addresses: consecutive probes should rarely hit the same /24.
  for (std::uint64_t seed : {1, 2, 3, 12345}) {
    auto order = indices(65536, seed);
    ASSERT_EQ(order.size(), 65536u);
    std::size_t same_block = 0;
    for (std::size_t i = 1; i < order.size(); ++i) same_block += order[i] / 256 == order[i - 1] / 256;
    EXPECT_LT(same_block, order.size() / 100) << "seed " << seed;
  }
}

TEST(Permutation, RefusesBadArguments) {
  EXPECT_THROW(Permutation((std::uint64_t{1} << 48) + 1, 1), std::invalid_argument);
  EXPECT_THROW(Permutation(10, 1, Shard{3, 3}), std::invalid_argument);
  EXPECT_THROW(Permutation(10, 1, Shard{0, 0}), std::invalid_argument);
}

std::string shard_error(std::string_view text) {
  try {
    parse_shard(text);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST(ShardParse, OneBasedIndexOfCount) {
  auto shard = parse_shard("1/3");
  EXPECT_EQ(shard.index, 0u);
  EXPECT_EQ(shard.count, 3u);
  shard = parse_shard("3/3");
  EXPECT_EQ(shard.index, 2u);
  EXPECT_EQ(parse_shard("1/1").count, 1u);
}

TEST(ShardParse, Errors) {
  EXPECT_EQ(shard_error("0/3"), "shard '0/3': I must be between 1 and 3");
  EXPECT_EQ(shard_error("4/3"), "shard '4/3': I must be between 1 and 3");
  EXPECT_EQ(shard_error("1/0"), "shard '1/0': N must be at least 1");
  EXPECT_THAT(shard_error("a/b"), HasSubstr("two whole numbers"));
  EXPECT_THAT(shard_error("1/"), HasSubstr("two whole numbers"));
  EXPECT_THAT(shard_error("-1/3"), HasSubstr("two whole numbers"));
  EXPECT_THAT(shard_error("1/3x"), HasSubstr("two whole numbers"));
  EXPECT_THAT(shard_error("1/99999999999999999999999"), HasSubstr("two whole numbers"));
  EXPECT_THAT(shard_error("2"), HasSubstr("expected I/N"));
}

}  // namespace
}  // namespace camaudit::scan
