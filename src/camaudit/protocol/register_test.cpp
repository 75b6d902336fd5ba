// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/register.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::make_observation;
using testing::parse_observation;

// A register row: make and model columns, plus any free text as the payload.
ParseResult parse(std::string make, std::string model, std::string payload = {}) {
  Observation obs = make_observation("register", std::move(payload));
  obs.make = std::move(make);
  obs.model = std::move(model);
  return parse_observation(obs);
}

std::vector<Field> fields(const ParseResult& r) { return r.fields; }

TEST(Register, MakeAndModelColumns) {
  // research/oem.jsonl: HiWatch (a Hikvision value brand) HWP-N NVR example model.
  const auto r = parse("  HiWatch ", "HWP-N2404IH-DE3(F)");
  EXPECT_FALSE(r.error);
  EXPECT_THAT(fields(r), ElementsAre(Field{"register.make", "HiWatch"}, Field{"register.model", "HWP-N2404IH-DE3(F)"},
                                     Field{"register.text", "HiWatch HWP-N2404IH-DE3(F)"}));
}

TEST(Register, OneColumnOrFreeText) {
  EXPECT_THAT(fields(parse("", "DS-2CD2385G1-I")),
              ElementsAre(Field{"register.model", "DS-2CD2385G1-I"}, Field{"register.text", "DS-2CD2385G1-I"}));
  EXPECT_THAT(fields(parse("", "", "LTS  Platinum\r\n CMIP camera\t")),
              ElementsAre(Field{"register.text", "LTS Platinum CMIP camera"}));
}

TEST(Register, EmptyGarbageOversized) {
  const auto empty = parse("", "", "");
  ASSERT_TRUE(empty.error);
  EXPECT_EQ(*empty.error, "register: empty row: no make, model or text");
  EXPECT_TRUE(parse(" \t", "\r\n").error);
  const auto binary = parse("", "", std::string("\x00\xff\xfe", 3));
  ASSERT_EQ(binary.fields.size(), 1u);
  EXPECT_EQ(binary.fields[0].value, "\xef\xbf\xbd\xef\xbf\xbd");  // made valid UTF-8, never raw bytes
  const auto big = parse(std::string(2 * 1024 * 1024, 'A'), "x");
  ASSERT_TRUE(big.error);
  EXPECT_THAT(*big.error, HasSubstr("cut"));
  for (const Field& f : big.fields) EXPECT_LE(f.value.size(), 1100u);
}

}  // namespace
}  // namespace camaudit::protocol
