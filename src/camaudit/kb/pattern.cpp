// SPDX-License-Identifier: Apache-2.0
#define PCRE2_CODE_UNIT_WIDTH 8
#include <camaudit/kb/pattern.hpp>

#include <pcre2.h>

namespace camaudit::kb {

namespace {
// Bounds for one match attempt against device-supplied text.
constexpr std::uint32_t kMatchLimit = 200'000;
constexpr std::uint32_t kDepthLimit = 10'000;

struct MatchResources {
  pcre2_match_context* context;
  pcre2_match_data* data;
  MatchResources() {
    context = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(context, kMatchLimit);
    pcre2_set_depth_limit(context, kDepthLimit);
    data = pcre2_match_data_create(64, nullptr);
  }
  ~MatchResources() {
    pcre2_match_data_free(data);
    pcre2_match_context_free(context);
  }
  MatchResources(const MatchResources&) = delete;
  MatchResources& operator=(const MatchResources&) = delete;
};

MatchResources& resources() {
  thread_local MatchResources r;
  return r;
}
}  // namespace

void Pattern::Free::operator()(pcre2_real_code_8* code) const { pcre2_code_free(code); }

std::optional<Pattern> Pattern::compile(const std::string& source, const std::string& flags,
                                        std::string* error) {
  std::uint32_t options = PCRE2_DUPNAMES;
  for (char f : flags) {
    switch (f) {
      case 'i': options |= PCRE2_CASELESS; break;
      case 's': options |= PCRE2_DOTALL; break;
      case 'm': options |= PCRE2_MULTILINE; break;
      default:
        if (error) *error = std::string("unknown flag '") + f + "' (allowed: i, s, m)";
        return std::nullopt;
    }
  }
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(source.data()), source.size(),
                                       options, &code, &offset, nullptr);
  if (compiled == nullptr) {
    if (error) {
      PCRE2_UCHAR buffer[256];
      pcre2_get_error_message(code, buffer, sizeof buffer);
      *error = "pattern does not compile at offset " + std::to_string(offset) + ": " +
               reinterpret_cast<const char*>(buffer);
    }
    return std::nullopt;
  }
  pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE);  // falls back to the interpreter if JIT is unavailable

  Pattern p;
  p.m_source = source;
  p.m_flags = flags;
  p.m_code.reset(compiled, Free{});
  std::uint32_t capture_count = 0, name_count = 0, entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(compiled, PCRE2_INFO_CAPTURECOUNT, &capture_count);
  pcre2_pattern_info(compiled, PCRE2_INFO_NAMECOUNT, &name_count);
  pcre2_pattern_info(compiled, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(compiled, PCRE2_INFO_NAMETABLE, &table);
  for (std::uint32_t i = 0; i < name_count; ++i) {
    PCRE2_SPTR entry = table + i * entry_size;
    int number = (entry[0] << 8) | entry[1];
    p.m_names.emplace_back(reinterpret_cast<const char*>(entry + 2), number);
  }
  p.m_only_named = capture_count == name_count;
  if (capture_count > 30) {
    if (error) *error = "too many capture groups (30 at most)";
    return std::nullopt;
  }
  return p;
}

// pcre2_match with this thread's match data and limits: < 0 is no match (or a limit hit,
// treated the same), else the number of the highest set group + 1.
int Pattern::run(std::string_view subject) const {
  if (!m_code) return -1;
  MatchResources& r = resources();
  return pcre2_match(m_code.get(), reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, r.data,
                     r.context);
}

bool Pattern::matches(std::string_view subject) const { return run(subject) >= 0; }

bool Pattern::match(std::string_view subject, Captures& captures) const {
  captures.clear();
  const int rc = run(subject);
  if (rc < 0) return false;
  PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(resources().data);
  for (const auto& [name, number] : m_names) {
    if (number >= rc) continue;
    PCRE2_SIZE start = ovector[2 * number], end = ovector[2 * number + 1];
    if (start == PCRE2_UNSET) continue;
    // With duplicate names the first set group wins.
    bool seen = false;
    for (const auto& c : captures) seen = seen || c.first == name;
    if (!seen) captures.emplace_back(name, subject.substr(start, end - start));
  }
  return true;
}

}  // namespace camaudit::kb
