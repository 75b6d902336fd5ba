// SPDX-License-Identifier: Apache-2.0
// Device text made safe for a person's screen (the one sanitiser every text output uses:
// CSV, the summary table, messages that echo device or file text), and the edit distance
// behind "did you mean" suggestions. Separate from text.hpp, which every parser includes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace camaudit::util {

// Code points that can drive or disguise a terminal or a spreadsheet cell: C0 controls,
// DEL, C1 controls, and the invisible formatting characters (zero-width U+200B..U+200F,
// bidi embeddings/overrides U+202A..U+202E and isolates U+2066..U+2069, U+061C, word
// joiners U+2060..U+2064, line/paragraph separators U+2028/U+2029, the BOM U+FEFF).
// Returns the byte length of such a code point at s[i] of valid UTF-8 (setting `cp`),
// or 0 when the code point there is harmless.
std::size_t unsafe_code_point_at(std::string_view s, std::size_t i, char32_t& cp) noexcept;

// Device-supplied text made safe for any text output: valid UTF-8, each unsafe code
// point escaped visibly ("\x1b" for C0 and DEL, "<U+202E>" for the others), so nothing
// can set a terminal's title, clear it, or reorder what it shows.
std::string printable(std::string_view s);

// Edit distance counting an adjacent swap as one edit ("scna" -> "scan" is 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace camaudit::util
