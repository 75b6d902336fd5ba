// SPDX-License-Identifier: Apache-2.0
// Firmware version parsing and ordering (see version.hpp for the formats). A small
// hand-written scanner instead of regexes: versions come from devices, so the parser
// must stay linear on any input (the fuzz target checks it), and it runs once per
// device and CVE family.
#include <camaudit/assess/version.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace camaudit::assess {

namespace {

constexpr std::size_t kMaxVersionLength = 160;  // longer text is no version string we know

bool digit(char c) { return c >= '0' && c <= '9'; }
bool alnum(char c) { return digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A left-to-right reader over the version text.
struct Cursor {
  std::string_view rest;

  bool done() const { return rest.empty(); }
  bool eat(char c) {
    if (rest.empty() || rest.front() != c) return false;
    rest.remove_prefix(1);
    return true;
  }
  bool eat_word(std::string_view word) {  // case-insensitive
    if (rest.size() < word.size() || !iequals(rest.substr(0, word.size()), word)) return false;
    rest.remove_prefix(word.size());
    return true;
  }
  void skip_spaces() {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  }
  // A run of digits (at most 9, so it fits); empty when none.
  std::string_view digits(std::size_t max = 9) {
    std::size_t n = 0;
    while (n < rest.size() && n < max && digit(rest[n])) ++n;
    auto out = rest.substr(0, n);
    rest.remove_prefix(n);
    return out;
  }
  std::string_view alnums() {
    std::size_t n = 0;
    while (n < rest.size() && alnum(rest[n])) ++n;
    auto out = rest.substr(0, n);
    rest.remove_prefix(n);
    return out;
  }
};

std::uint32_t number(std::string_view digits) {
  std::uint32_t v = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), v);
  return v;
}

bool valid(const BuildDate& d) {
  return d.year >= 1990 && d.year <= 2099 && d.month >= 0 && d.month <= 12 && d.day >= 0 && d.day <= 31 &&
         (d.month != 0 || d.day == 0);
}

// "YYMMDD", "YYYYMMDD" or "YYMMDDHH[MMSS]" (Reolink, old Samsung) from a digit run.
std::optional<BuildDate> compact_date(std::string_view d, bool hours_after_yymmdd) {
  BuildDate out;
  if (d.size() == 6 || (hours_after_yymmdd && (d.size() == 8 || d.size() == 12))) {
    out = {2000 + static_cast<int>(number(d.substr(0, 2))), static_cast<int>(number(d.substr(2, 2))),
           static_cast<int>(number(d.substr(4, 2)))};
  } else if (d.size() == 8) {
    out = {static_cast<int>(number(d.substr(0, 4))), static_cast<int>(number(d.substr(4, 2))),
           static_cast<int>(number(d.substr(6, 2)))};
  } else {
    return std::nullopt;
  }
  if (!valid(out) || out.month == 0 || out.day == 0) return std::nullopt;
  return out;
}

// "2019-10-14", "2023-7-5", "2021-06" at the cursor.
std::optional<BuildDate> iso_date(Cursor& c) {
  Cursor save = c;
  auto y = c.digits(4);
  if (y.size() != 4 || !c.eat('-')) return c = save, std::nullopt;
  auto m = c.digits(2);
  if (m.empty()) return c = save, std::nullopt;
  BuildDate out{static_cast<int>(number(y)), static_cast<int>(number(m)), 0};
  if (c.eat('-')) {
    auto d = c.digits(2);
    if (d.empty()) return c = save, std::nullopt;
    out.day = static_cast<int>(number(d));
  }
  if (!valid(out) || out.month == 0 || (out.day == 0 && !c.done() && digit(c.rest.front()))) return c = save, std::nullopt;
  return out;
}

// Dotted numbers "5.5.0", "2.3.8-6" (a dash-number is one more component).
bool dotted(Cursor& c, std::vector<std::uint32_t>& out) {
  auto first = c.digits();
  if (first.empty()) return false;
  out.push_back(number(first));
  while (!c.done() && (c.rest.front() == '.' || c.rest.front() == '-') && c.rest.size() > 1 && digit(c.rest[1])) {
    c.rest.remove_prefix(1);
    out.push_back(number(c.digits()));
    if (!c.done() && digit(c.rest.front())) return false;  // a component longer than 9 digits
  }
  return true;
}

Version failed(Version v, std::string why) {
  v.scheme = VersionScheme::unparsed;
  v.numbers.clear();
  v.branch.clear();
  v.release.clear();
  v.build.reset();
  v.error = std::move(why);
  return v;
}

// What may follow a version: a build date in one of the vendors' spellings, a release
// tag. Anything else makes the text unparsed.
bool tail(Cursor& c, Version& v, bool reolink_stamp) {
  for (int guard = 0; guard < 4 && !c.done(); ++guard) {
    Cursor save = c;
    c.eat(',');
    c.skip_spaces();
    if (c.eat_word("build date") || c.eat_word("build") || c.eat_word("date")) {
      c.eat(':');
      c.skip_spaces();
      if (auto d = iso_date(c)) {
        v.build = d;
        continue;
      }
      auto digits = c.digits(12);
      auto d = compact_date(digits, false);
      if (!d) return false;
      v.build = d;
      continue;
    }
    c = save;
    if (c.eat('_') || c.eat('.')) {
      auto digits = c.digits(12);
      if (!digits.empty()) {
        auto d = compact_date(digits, reolink_stamp || digits.size() == 12);
        if (!d || v.build) return false;
        v.build = d;
        continue;
      }
    }
    c = save;
    // A release tag: "_R251", " Rel.37726n(4555)", "_RELEASE(HIK)", ".R". Kept, not compared.
    std::size_t start = 0;
    while (start < c.rest.size() && (c.rest[start] == '_' || c.rest[start] == ' ' || c.rest[start] == '.')) ++start;
    if (start == 0 || start >= c.rest.size() || !alnum(c.rest[start])) return false;
    for (char ch : c.rest)
      if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) > 0x7e) return false;
    v.release = std::string(c.rest.substr(start));
    c.rest = {};
  }
  return c.done();
}

// Dahua "<1 digit>.<3 digits>.<customer code>.<n>[.R|.T][.YYMMDD][, Build Date: ...]".
std::optional<Version> dahua(std::string_view text) {
  Cursor c{text};
  if (!c.eat('V')) c.eat('v');
  auto major = c.digits();
  if (major.size() != 1 || !c.eat('.')) return std::nullopt;
  auto minor = c.digits();
  if (minor.size() != 3 || !c.eat('.')) return std::nullopt;
  std::string_view code = c.eat_word("Dahua 00") ? std::string_view("Dahua 00") : c.alnums();
  if ((code.size() < 4 || code.size() > 7) && code != "Dahua 00") return std::nullopt;
  if (!c.eat('.')) return std::nullopt;
  auto n = c.digits();
  if (n.empty()) return std::nullopt;
  Version v;
  v.scheme = VersionScheme::dahua;
  v.text = std::string(text);
  v.numbers = {number(major), number(minor), number(n)};
  v.branch = std::string(code);
  for (char& ch : v.branch) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  Cursor save = c;
  if (c.eat('.') && !c.done() && (c.rest.front() == 'R' || c.rest.front() == 'T' || c.rest.front() == 'r' ||
                                  c.rest.front() == 't') &&
      (c.rest.size() == 1 || !alnum(c.rest[1]))) {
    v.release = std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(c.rest.front()))));
    c.rest.remove_prefix(1);
  } else {
    c = save;
  }
  if (!tail(c, v, false)) return failed(std::move(v), "Dahua version with an unreadable tail");
  return v;
}

// Uniview "IPC_G6103-B0009P30D1803": platform, build B, patch P, date D (YYMM).
std::optional<Version> uniview(std::string_view text) {
  auto dash = text.rfind("-B");
  if (dash == std::string_view::npos || dash == 0) return std::nullopt;
  Cursor c{text.substr(dash + 2)};
  auto b = c.digits();
  if (b.size() != 4 || !c.eat('P')) return std::nullopt;
  auto p = c.digits();
  if (p.empty()) return std::nullopt;
  Version v;
  v.scheme = VersionScheme::uniview;
  v.text = std::string(text);
  v.branch = std::string(text.substr(0, dash));
  v.numbers = {number(b), number(p)};
  if (c.eat('D')) {
    auto d = c.digits();
    BuildDate date{2000 + static_cast<int>(number(d.substr(0, 2))), d.size() == 4 ? static_cast<int>(number(d.substr(2))) : 0, 0};
    if (d.size() != 4 || !valid(date) || date.month == 0) return failed(std::move(v), "Uniview version with a bad D date");
    v.build = date;
  }
  if (!c.done()) return failed(std::move(v), "Uniview version with an unreadable tail");
  for (char ch : v.branch)
    if (!alnum(ch) && ch != '_' && ch != '-') return std::nullopt;
  return v;
}

// Huawei-style "V100R003C00SPC100".
std::optional<Version> vrp(std::string_view text) {
  Cursor c{text};
  if (!c.eat('V')) return std::nullopt;
  auto v1 = c.digits();
  if (v1.size() != 3 || !c.eat('R')) return std::nullopt;
  auto r = c.digits();
  if (r.size() != 3) return std::nullopt;
  Version v;
  v.scheme = VersionScheme::vrp;
  v.text = std::string(text);
  v.numbers = {number(v1), number(r), 0, 0};
  if (c.eat('C')) v.numbers[2] = number(c.digits());
  if (c.eat_word("SPC")) v.numbers[3] = number(c.digits());
  if (!c.done()) return failed(std::move(v), "VRP version with an unreadable tail");
  return v;
}

// Everything else: [V|v]dotted numbers, then a build date and release tag.
Version numeric(std::string_view text) {
  Version v;
  v.text = std::string(text);
  Cursor c{text};
  const bool upper_v = c.eat('V');
  const bool lower_v = !upper_v && c.eat('v');
  if (!dotted(c, v.numbers)) return failed(std::move(v), "no version number");
  if (v.numbers.size() < 2 && !upper_v && !lower_v) return failed(std::move(v), "a bare number is no version");
  // Reolink writes v<a>.<b>.<c>.<build>_<YYMMDDHH>.
  const bool reolink = lower_v && v.numbers.size() == 4 && c.rest.size() == 9 && c.rest.front() == '_';
  if (!tail(c, v, reolink)) return failed(std::move(v), "unreadable text after the version number");
  if (reolink)
    v.scheme = VersionScheme::reolink;
  else if (upper_v && v.numbers.size() <= 3 && v.release.empty())
    v.scheme = VersionScheme::hikvision;
  else if (!upper_v && !lower_v && v.numbers.size() == 3 && v.build && v.release.size() > 1 && v.release[0] == 'R' &&
           std::all_of(v.release.begin() + 1, v.release.end(), digit))
    v.scheme = VersionScheme::hanwha;
  else
    v.scheme = VersionScheme::dotted;
  return v;
}

bool numeric_group(VersionScheme s) {
  return s == VersionScheme::hikvision || s == VersionScheme::hanwha || s == VersionScheme::reolink ||
         s == VersionScheme::dotted;
}

Order order_of(std::strong_ordering o) {
  return o < 0 ? Order::less : o > 0 ? Order::greater : Order::equal;
}

Order compare_numbers(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    std::uint32_t x = i < a.size() ? a[i] : 0, y = i < b.size() ? b[i] : 0;
    if (x != y) return x < y ? Order::less : Order::greater;
  }
  return Order::equal;
}

Order compare_dates(const BuildDate& a, const BuildDate& b) {
  if (a == b) return Order::equal;
  if (a.year != b.year) return order_of(a.year <=> b.year);
  if (a.month == 0 || b.month == 0) return Order::unknown;
  if (a.month != b.month) return order_of(a.month <=> b.month);
  if (a.day == 0 || b.day == 0) return Order::unknown;
  return order_of(a.day <=> b.day);
}

Order compare_dahua(const Version& a, const Version& b) {
  if (a.build && b.build) return compare_dates(*a.build, *b.build);
  if (a.numbers[0] != b.numbers[0] || a.numbers[1] != b.numbers[1])
    return compare_numbers({a.numbers[0], a.numbers[1]}, {b.numbers[0], b.numbers[1]});
  if (a.branch != b.branch) return Order::unknown;
  return order_of(a.numbers[2] <=> b.numbers[2]);
}

}  // namespace

std::string BuildDate::str() const {
  char out[16];
  auto two = [](char* p, int v) { p[0] = static_cast<char>('0' + v / 10 % 10), p[1] = static_cast<char>('0' + v % 10); };
  two(out, year / 100), two(out + 2, year % 100);
  std::size_t n = 4;
  if (month) out[n++] = '-', two(out + n, month), n += 2;
  if (day) out[n++] = '-', two(out + n, day), n += 2;
  return std::string(out, n);
}

std::optional<BuildDate> parse_build_date(std::string_view text) {
  text = trim(text);
  Cursor c{text};
  if (auto d = iso_date(c); d && c.done()) return d;
  if (text.size() != 6 && text.size() != 8) return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), digit)) return std::nullopt;
  return compact_date(text, false);
}

std::string_view to_string(VersionScheme s) noexcept {
  switch (s) {
    case VersionScheme::unparsed: return "unparsed";
    case VersionScheme::hikvision: return "hikvision";
    case VersionScheme::dahua: return "dahua";
    case VersionScheme::hanwha: return "hanwha";
    case VersionScheme::reolink: return "reolink";
    case VersionScheme::uniview: return "uniview";
    case VersionScheme::vrp: return "vrp";
    case VersionScheme::dotted: return "dotted";
  }
  return "unparsed";
}

std::string_view to_string(Order o) noexcept {
  switch (o) {
    case Order::less: return "less";
    case Order::equal: return "equal";
    case Order::greater: return "greater";
    case Order::unknown: return "unknown";
  }
  return "unknown";
}

std::string Version::describe() const {
  if (!ok()) return "'" + text + "' (unparsed: " + error + ")";
  std::string out = text;
  if (build) out += " (build " + build->str() + ")";
  return out;
}

Version parse_version(std::string_view raw) {
  const std::string_view text = trim(raw);
  Version v;
  v.text = std::string(text.substr(0, kMaxVersionLength));
  if (text.empty()) return failed(std::move(v), "empty");
  if (text.size() > kMaxVersionLength) return failed(std::move(v), "longer than any version string");
  for (char ch : text)
    if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) > 0x7e)
      return failed(std::move(v), "control or non-ASCII characters");
  if (auto d = dahua(text)) return *d;
  if (auto u = uniview(text)) return *u;
  if (auto h = vrp(text)) return *h;
  return numeric(text);
}

Order compare(const Version& a, const Version& b) {
  if (!a.ok() || !b.ok()) return Order::unknown;
  if (a.scheme == VersionScheme::dahua && b.scheme == VersionScheme::dahua) return compare_dahua(a, b);
  if (a.scheme == VersionScheme::uniview && b.scheme == VersionScheme::uniview) {
    if (a.branch != b.branch) return a.build && b.build ? compare_dates(*a.build, *b.build) : Order::unknown;
    return compare_numbers(a.numbers, b.numbers);
  }
  const bool same_kind = a.scheme == b.scheme || (numeric_group(a.scheme) && numeric_group(b.scheme));
  if (!same_kind) return Order::unknown;
  if (Order o = compare_numbers(a.numbers, b.numbers); o != Order::equal) return o;
  if (a.build && b.build) return compare_dates(*a.build, *b.build);
  if (a.build || b.build) return Order::unknown;  // "V5.4.0" against "V5.4.0 build 160530"
  return Order::equal;
}

Order compare_to_bound(const Version& device, const Version& bound) {
  Order o = compare(device, bound);
  if (o == Order::unknown && device.ok() && bound.ok() && device.build && !bound.build &&
      numeric_group(device.scheme) && numeric_group(bound.scheme) &&
      compare_numbers(device.numbers, bound.numbers) == Order::equal)
    return Order::equal;
  return o;
}

Order compare_build(const Version& a, const BuildDate& date) {
  if (!a.ok() || !a.build) return Order::unknown;
  return compare_dates(*a.build, date);
}

}  // namespace camaudit::assess
