// SPDX-License-Identifier: Apache-2.0
// `camaudit kb check`: Recog's self-test, stricter. Verifies that every rule is
// well-formed, every example matches its own rule first and extracts exactly what it
// says, no counterexample matches, every claimed value is in the vocabularies, every
// entry has a source, and the Hyperscan fast path agrees with PCRE2 on every example.
#pragma once

#include <camaudit/kb/knowledge_base.hpp>

#include <vector>

namespace camaudit::kb {

// Every problem found (in addition to those loading reported); never stops early.
std::vector<Problem> check(const KnowledgeBase& kb);

}  // namespace camaudit::kb
