// SPDX-License-Identifier: Apache-2.0
// Firmware versions as the vendors really write them, and their order. Pure: text in,
// a parsed version (or the reason it could not be read) out; no locale, no I/O.
//
//   Hikvision  "V5.5.0 build 170725", "V5.6.2build 190701", "V5.7.13_230822"  version, build YYMMDD
//   Dahua      "2.800.0000000.13.R", "V2.622.0000000.31.R, Build Date: 2019-10-14",
//              "2.800.0000000.29.R.210630", OEM codes "2.420.AC00.15.R", "2.800.00IB00C.0.T"
//   Hanwha     "2.11.01_20211210_R251" (version, build YYYYMMDD, release)
//   Reolink    "v3.0.0.136_20121102" (version, build YYMMDDHH)
//   Uniview    "IPC_G6103-B0009P30D1803" (platform, build B, patch P, date D YYMM)
//   VRP        "V100R003C00SPC100"
//   dotted     "9.80.1" (Axis), "6.60.0065" (Bosch), "1.1.16 Build 211209 Rel.37726n(4555)",
//              "V2.3.8-6", "3.0.3_20201113_RELEASE(HIK)", "2.01.00_20200721_R201"
//
// Unparseable text is a result of its own (Version::ok() false, with the reason), never a
// guess: the vulnerability check reports it as such instead of comparing.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit::assess {

// A build date. day (and month) 0 mean "not given" ("2021-06", Uniview's D1803).
struct BuildDate {
  int year = 0, month = 0, day = 0;
  std::string str() const;  // "2017-07-25", "2021-06"
  friend auto operator<=>(const BuildDate&, const BuildDate&) = default;
};
// "2021-06-30", "2021-06", "210630", "20210630": a date as the kb writes fix dates.
std::optional<BuildDate> parse_build_date(std::string_view text);

enum class VersionScheme { unparsed, hikvision, dahua, hanwha, reolink, uniview, vrp, dotted };
std::string_view to_string(VersionScheme s) noexcept;

struct Version {
  VersionScheme scheme = VersionScheme::unparsed;
  std::string text;                    // as given, trimmed
  std::vector<std::uint32_t> numbers;  // compared in order: 5.5.0 -> {5,5,0}
  std::string branch;                  // Dahua customer code ("0000000", "AC00", "00IB00C"), Uniview platform
  std::string release;                 // Dahua R/T, Hanwha R251, trailing words
  std::optional<BuildDate> build;
  std::string error;                   // why it is unparsed

  bool ok() const { return scheme != VersionScheme::unparsed; }
  // "V5.5.0 build 170725" -> "5.5.0 (build 2017-07-25)", for summaries.
  std::string describe() const;
};

Version parse_version(std::string_view text);

enum class Order { less, equal, greater, unknown };
std::string_view to_string(Order o) noexcept;

// a against b. unknown when the two cannot be ordered from their text: different
// schemes, different Dahua customer codes of one baseline without build dates, or a
// side unparsed. Versions compare component by component (missing components are 0),
// then by build date when both have one; Dahua firmware of one family compares by build
// date first, as NVD and the vendor's "build time before" bulletins do.
Order compare(const Version& a, const Version& b);

// A device's version against a range bound from the knowledge base. As compare(), except
// that a bound written without a build date ("4.1.0", "V3.7.80") stands for every build
// of that version: "V4.48.0 build 250101" equals the bound "V4.48.0".
Order compare_to_bound(const Version& device, const Version& bound);

// The device's build date against a date: unknown when the version has no build date.
Order compare_build(const Version& a, const BuildDate& date);

}  // namespace camaudit::assess
