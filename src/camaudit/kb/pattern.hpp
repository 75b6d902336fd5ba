// SPDX-License-Identifier: Apache-2.0
// One compiled PCRE2 pattern with match limits (device-supplied text is hostile:
// a catastrophic-backtracking pattern must fail fast, not hang the audit).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct pcre2_real_code_8;

namespace camaudit::kb {

// name -> text; the names view the pattern, the texts view the subject matched, so a
// match allocates nothing once the vector has grown.
using Captures = std::vector<std::pair<std::string_view, std::string_view>>;

class Pattern {
 public:
  Pattern() = default;
  // flags: any of "i" (caseless), "s" (dotall), "m" (multiline).
  // Returns nullopt and sets `error` when the pattern does not compile.
  static std::optional<Pattern> compile(const std::string& source, const std::string& flags,
                                        std::string* error);

  const std::string& source() const { return m_source; }
  const std::string& flags() const { return m_flags; }
  bool valid() const { return m_code != nullptr; }
  // Names of the named capture groups, and whether every group is named.
  const std::vector<std::pair<std::string, int>>& names() const { return m_names; }
  bool only_named_groups() const { return m_only_named; }

  // False when there is no match (or the match limit was hit). On a match `captures`
  // holds the named groups that were set (first set group wins for duplicate names).
  bool match(std::string_view subject, Captures& captures) const;
  bool matches(std::string_view subject) const;

 private:
  int run(std::string_view subject) const;
  struct Free {
    void operator()(pcre2_real_code_8* code) const;
  };
  std::string m_source;
  std::string m_flags;
  std::shared_ptr<pcre2_real_code_8> m_code;
  std::vector<std::pair<std::string, int>> m_names;
  bool m_only_named = true;
};

}  // namespace camaudit::kb
