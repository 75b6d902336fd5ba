// SPDX-License-Identifier: Apache-2.0
#include <camaudit/util/printable.hpp>

#include <gtest/gtest.h>

namespace camaudit::util {
namespace {

TEST(Printable, EscapesControlsAndInvisibleFormattingVisibly) {
  // ESC ] 0 ; title BEL: sets a terminal's title; ESC [ 2 J clears the screen.
  EXPECT_EQ(printable("cam\x1b]0;pwned\x07\x1b[2J\b"), "cam\\x1b]0;pwned\\x07\\x1b[2J\\x08");
  EXPECT_EQ(printable("a\tb\r\nc\x7f"), "a\\x09b\\x0d\\x0ac\\x7f");
  EXPECT_EQ(printable("\xC2\x9B" "31m"), "<U+009B>31m") << "C1 CSI";
  EXPECT_EQ(printable("abc\xE2\x80\xAE" "gpj.exe"), "abc<U+202E>gpj.exe") << "right-to-left override";
  EXPECT_EQ(printable("ad\xE2\x80\x8Bmin\xEF\xBB\xBF"), "ad<U+200B>min<U+FEFF>");
  EXPECT_EQ(printable("\xE2\x81\xA6x\xE2\x81\xA9\xE2\x80\xA8"), "<U+2066>x<U+2069><U+2028>");
  EXPECT_EQ(printable("\xff"), "\xEF\xBF\xBD") << "invalid UTF-8 is replaced first";
}

TEST(Printable, LeavesOrdinaryTextAlone) {
  for (const char* s : {"Hikvision DS-2CD2143G2-I", "Caf\xC3\xA9 \xE6\xB5\xB7\xE5\xBA\xB7", "C:\\path", "\xE2\x80\x94 dash",
                        "\xE2\x82\xAC euro", "\xEF\xBC\xA1 fullwidth"}) {
    EXPECT_EQ(printable(s), s);
    char32_t cp = 0;
    std::string_view v(s);
    for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(unsafe_code_point_at(v, i, cp), 0u) << s << " at " << i;
  }
}

}  // namespace
}  // namespace camaudit::util

namespace camaudit::util {
namespace {
TEST(EditDistance, CountsASwapAsOneEdit) {
  EXPECT_EQ(edit_distance("scna", "scan"), 1u);
  EXPECT_EQ(edit_distance("chek", "check"), 1u);
  EXPECT_EQ(edit_distance("", "kb"), 2u);
  EXPECT_EQ(edit_distance("identify", "identify"), 0u);
  EXPECT_EQ(edit_distance("--bogus", "--kb"), 5u);
}
}  // namespace
}  // namespace camaudit::util
