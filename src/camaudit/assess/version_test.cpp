// SPDX-License-Identifier: Apache-2.0
// Version parsing and ordering on real strings: the corpus (../shared/corpus), the
// research notes (cves.jsonl, models.md), camfarm's profiles, and garbage.
#include <camaudit/assess/version.hpp>

#include <gtest/gtest.h>

#include <string>

namespace camaudit::assess {
namespace {

struct Case {
  const char* text;
  VersionScheme scheme;
  std::vector<std::uint32_t> numbers;
  const char* build;  // "" when none
  const char* where;
};

TEST(Version, ParsesTheVendorsRealFormats) {
  const Case cases[] = {
      // Hikvision: version, then the build date (YYMMDD).
      {"V5.5.0 build 170725", VersionScheme::hikvision, {5, 5, 0}, "2017-07-25", "cves.jsonl CVE-2021-36260"},
      {"V5.6.2build 190701", VersionScheme::hikvision, {5, 6, 2}, "2019-07-01", "corpus:hikvision_sadp_1.txt"},
      {"V5.6.5build 200316", VersionScheme::hikvision, {5, 6, 5}, "2020-03-16", "corpus:hikvision_sadp_2.txt"},
      {"V5.5.101 build 200408", VersionScheme::hikvision, {5, 5, 101}, "2020-04-08", "cves.jsonl CVE-2021-36260"},
      {"V5.7.13_230822", VersionScheme::hikvision, {5, 7, 13}, "2023-08-22", "updates-2026-12.md CVE-2025-66177"},
      {"V5.7.7build241203", VersionScheme::hikvision, {5, 7, 7}, "2024-12-03", "updates-2026-12.md CVE-2025-66177"},
      {"V1.1.5402 build241014", VersionScheme::hikvision, {1, 1, 5402}, "2024-10-14", "updates-2026-12.md CVE-2025-39240"},
      {"V7.3 build 190626", VersionScheme::hikvision, {7, 3}, "2019-06-26", "corpus (NVR SADP)"},
      {"V1.0build 200101", VersionScheme::hikvision, {1, 0}, "2020-01-01", "corpus (SADP)"},
      {"V5.6.1", VersionScheme::hikvision, {5, 6, 1}, "", "corpus:hikvision_isapi-deviceinfo_1.txt"},
      {"V4.30.097", VersionScheme::hikvision, {4, 30, 97}, "", "models.md §2.5"},
      {"V4.72.107", VersionScheme::hikvision, {4, 72, 107}, "", "corpus (Firmware element)"},
      {"V2.3.8-6", VersionScheme::dotted, {2, 3, 8, 6}, "", "cves.jsonl CVE-2022-28171"},
      {"3.0.3_20201113_RELEASE(HIK)", VersionScheme::dotted, {3, 0, 3}, "2020-11-13", "cves.jsonl CVE-2023-6895"},
      // Dahua and its OEMs: <major>.<baseline>.<customer code>.<n>.<R|T>[.YYMMDD].
      {"2.800.0000000.13.R", VersionScheme::dahua, {2, 800, 13}, "", "corpus:dahua_dhip_2.txt"},
      {"V2.622.0000000.31.R, Build Date: 2019-10-14", VersionScheme::dahua, {2, 622, 31}, "2019-10-14", "issue 11"},
      {"2.800.0000000.29.R.210630", VersionScheme::dahua, {2, 800, 29}, "2021-06-30", "cves.jsonl CVE-2021-33044"},
      {"2.420.AC00.18.R.20200217", VersionScheme::dahua, {2, 420, 18}, "2020-02-17", "cves.jsonl CVE-2020-5735"},
      {"2.420.AC00.15.R", VersionScheme::dahua, {2, 420, 15}, "", "corpus:dahua_magicbox_3.txt"},
      {"2.800.00IB00C.0.T", VersionScheme::dahua, {2, 800, 0}, "", "protocols.md §2.4"},
      {"2.000.00IB004.0.R", VersionScheme::dahua, {2, 0, 0}, "", "corpus:dahua_dhip_5.txt"},
      {"3.210.IB01.3", VersionScheme::dahua, {3, 210, 3}, "", "corpus:dahua_dhip_4.txt"},
      {"2.800.0000016.0.R,build:2020-06-05", VersionScheme::dahua, {2, 800, 0}, "2020-06-05", "corpus:dahua_magicbox_1.txt"},
      {"2.811.0000013.0.R, Build Date 2023-12-20", VersionScheme::dahua, {2, 811, 0}, "2023-12-20", "corpus:dahua_onvif-deviceinfo_1.txt"},
      {"2.420.Dahua 00.14.R, build: 2016-06-18", VersionScheme::dahua, {2, 420, 14}, "2016-06-18", "corpus:dahua_onvif-deviceinfo_1.txt"},
      {"V4.001.0000007.1", VersionScheme::dahua, {4, 1, 1}, "", "models.md §3.3"},
      {"2.623.00AC004.0.R.200316", VersionScheme::dahua, {2, 623, 0}, "2020-03-16", "cves.jsonl CVE-2020-5735"},
      {"2.800.0000000.8.R.20241111", VersionScheme::dahua, {2, 800, 8}, "2024-11-11", "updates-2026-12.md CVE-2024-52544"},
      // Hanwha (SUNAPI) and old Samsung.
      {"2.11.01_20211210_R251", VersionScheme::hanwha, {2, 11, 1}, "2021-12-10", "issue 11"},
      {"2.01.00_20200721_R201", VersionScheme::hanwha, {2, 1, 0}, "2020-07-21", "camfarm hanwha-camera.toml"},
      {"2.21.01_20220517_R276", VersionScheme::hanwha, {2, 21, 1}, "2022-05-17", "corpus (SUNAPI)"},
      {"v2.10_180329015157", VersionScheme::dotted, {2, 10}, "2018-03-29", "corpus (SUNAPI, Samsung)"},
      {"1.00_200721", VersionScheme::dotted, {1, 0}, "2020-07-21", "corpus (ISP version)"},
      // Reolink: v<a.b.c.build>_<YYMMDDHH>.
      {"v3.0.0.136_20121102", VersionScheme::reolink, {3, 0, 0, 136}, "2020-12-11", "issue 11"},
      {"v2.0.0.1389_18081408", VersionScheme::reolink, {2, 0, 0, 1389}, "2018-08-14", "kb reolink.toml"},
      // Uniview: platform, B build, P patch, D date (YYMM).
      {"IPC_G6103-B0009P30D1803", VersionScheme::uniview, {9, 30}, "2018-03", "corpus (LAPI)"},
      {"V100R003", VersionScheme::vrp, {100, 3, 0, 0}, "", "kb rtsp_server.toml"},
      // Dotted (Axis, Bosch, Avigilon, TP-Link, ...).
      {"9.80.1", VersionScheme::dotted, {9, 80, 1}, "", "issue 11 (Axis)"},
      {"8.20.1", VersionScheme::dotted, {8, 20, 1}, "", "corpus:axis_vapix-basicdeviceinfo_1.txt"},
      {"5.50.3.7", VersionScheme::dotted, {5, 50, 3, 7}, "", "kb dhcp_vendor_class.toml"},
      {"6.60.0065", VersionScheme::dotted, {6, 60, 65}, "", "camfarm bosch-camera.toml"},
      {"3.28.0.80", VersionScheme::dotted, {3, 28, 0, 80}, "", "camfarm avigilon-camera.toml"},
      {"2.400.0.8", VersionScheme::dotted, {2, 400, 0, 8}, "", "corpus"},
      {"1.1.16 Build 211209 Rel.37726n(4555)", VersionScheme::dotted, {1, 1, 16}, "2021-12-09", "corpus:onvif_tplink-deviceinfo_1.txt"},
      {"v0.0.0 build 2023-7-5", VersionScheme::dotted, {0, 0, 0}, "2023-07-05", "corpus"},
      {"4.1.0", VersionScheme::dotted, {4, 1, 0}, "", "updates-2026-12.md CVE-2023-6895"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.text) + " (" + c.where + ")");
    Version v = parse_version(c.text);
    ASSERT_TRUE(v.ok()) << v.error;
    EXPECT_EQ(to_string(v.scheme), to_string(c.scheme));
    EXPECT_EQ(v.numbers, c.numbers);
    EXPECT_EQ(v.build ? v.build->str() : "", c.build);
  }
}

TEST(Version, DahuaKeepsTheCustomerCodeAndRelease) {
  Version amcrest = parse_version("2.420.AC00.15.R");
  EXPECT_EQ(amcrest.branch, "AC00");
  EXPECT_EQ(amcrest.release, "R");
  Version intelbras = parse_version("2.800.00IB00C.0.T");
  EXPECT_EQ(intelbras.branch, "00IB00C");
  EXPECT_EQ(intelbras.release, "T");
  EXPECT_EQ(parse_version("2.420.Dahua 00.14.R").branch, "DAHUA 00");
}

TEST(Version, GarbageIsAVerdictOfItsOwnNotAGuess) {
  for (const char* text : {"", "   ", "Hikvision-Webs", "RouterOS 6.49.18", "V", "5", "unknown", "V5.6.2 build 99",
                           "2.800.0000000.13.R garbage\x01", "V5.6.2 build 191399", "9.80.1 \xc3\xa9", "1..2", "..",
                           "V5.6.2_", "2.800.0000000.29.R.219999", "IPC_G6103-B0009P30D1813", "99999999999.1"}) {
    SCOPED_TRACE(text);
    Version v = parse_version(text);
    EXPECT_FALSE(v.ok());
    EXPECT_FALSE(v.error.empty());
    EXPECT_EQ(compare(v, parse_version("1.0")), Order::unknown);
  }
  EXPECT_FALSE(parse_version(std::string(500, '1')).ok());
}

Order cmp(const char* a, const char* b) { return compare(parse_version(a), parse_version(b)); }

TEST(Version, HikvisionComparesVersionThenBuildDate) {
  // CVE-2017-7921's DS-2CD2xx2F-I range is V5.2.0 build 140721 .. V5.4.0 build 160530.
  EXPECT_EQ(cmp("V5.3.1 build 150410", "V5.2.0 build 140721"), Order::greater);
  EXPECT_EQ(cmp("V5.4.0 build 160530", "V5.4.0 build 160530"), Order::equal);
  EXPECT_EQ(cmp("V5.4.0 build 160401", "V5.4.0 build 160530"), Order::less);
  EXPECT_EQ(cmp("V5.4.1 build 160525", "V5.4.0 build 160530"), Order::greater);
  EXPECT_EQ(cmp("V5.5.0 build 170725", "V5.4.0 build 160530"), Order::greater);
  EXPECT_EQ(cmp("V5.6.2build 190701", "V5.6.2 build 190701"), Order::equal);
  EXPECT_EQ(cmp("V5.5.101 build 200408", "V5.5.0 build 170725"), Order::greater);
  // Same version, one side without its build: the order is not known, never "equal".
  EXPECT_EQ(cmp("V5.4.0", "V5.4.0 build 160530"), Order::unknown);
  EXPECT_EQ(cmp("V5.3.0", "V5.4.0 build 160530"), Order::less);
  // Missing components are zero; the dash patch of storage firmware is one more.
  EXPECT_EQ(cmp("V5.4", "V5.4.0"), Order::equal);
  EXPECT_EQ(cmp("V2.3.8-6", "V2.3.8-8"), Order::less);
  EXPECT_EQ(cmp("V2.3.9", "V2.3.8-8"), Order::greater);
}

TEST(Version, DahuaComparesBuildDateThenBaselineThenCustomerLine) {
  EXPECT_EQ(cmp("2.800.0000000.13.R.200101", "2.800.0000000.29.R.210630"), Order::less);
  EXPECT_EQ(cmp("2.800.0000016.0.R,build:2020-06-05", "2.800.0000000.29.R.210630"), Order::less);
  EXPECT_EQ(cmp("V2.622.0000000.31.R, Build Date: 2019-10-14", "2.622.00AC000.0.R.200320"), Order::less);
  EXPECT_EQ(cmp("2.800.0000000.13.R", "2.800.0000000.29.R.210630"), Order::less);  // same line: by n
  EXPECT_EQ(cmp("2.800.0000000.30.R", "2.800.0000000.29.R.210630"), Order::greater);
  EXPECT_EQ(cmp("2.622.0000000.31.R", "2.800.0000000.29.R.210630"), Order::less);  // older baseline
  // Another customer line of the same baseline, no build date: not comparable.
  EXPECT_EQ(cmp("2.800.00AC000.0.R", "2.800.0000000.6.R.200314"), Order::unknown);
  EXPECT_EQ(cmp("2.800.0000000.13.R", "9.80.1"), Order::unknown);  // other schemes
}

TEST(Version, OtherVendorsCompareNumerically) {
  EXPECT_EQ(cmp("9.80.1", "10.12.182"), Order::less);
  EXPECT_EQ(cmp("8.20.1", "8.20.1"), Order::equal);
  EXPECT_EQ(cmp("2.11.01_20211210_R251", "2.01.00_20200721_R201"), Order::greater);
  EXPECT_EQ(cmp("v3.0.0.136_20121102", "v2.0.0.1389_18081408"), Order::greater);
  EXPECT_EQ(cmp("3.0.3_20201113_RELEASE(HIK)", "4.1.0"), Order::less);
  EXPECT_EQ(cmp("IPC_G6103-B0009P30D1803", "IPC_G6103-B0010P10D1901"), Order::less);
  EXPECT_EQ(cmp("IPC_G6103-B0009P30", "IPC_D1201-B0009P30"), Order::unknown);
}

TEST(Version, ABoundWithoutBuildCoversEveryBuildOfItsVersion) {
  auto bound = [](const char* a, const char* b) { return compare_to_bound(parse_version(a), parse_version(b)); };
  EXPECT_EQ(bound("V4.48.0 build 250101", "V4.48.0"), Order::equal);
  EXPECT_EQ(bound("3.0.3_20201113_RELEASE(HIK)", "3.0.3"), Order::equal);
  EXPECT_EQ(bound("V5.4.0", "V5.4.0 build 160530"), Order::unknown);  // not the other way round
  EXPECT_EQ(bound("V5.4.1 build 160101", "V5.4.0"), Order::greater);
}

TEST(Version, BuildDates) {
  EXPECT_EQ(parse_build_date("2021-06")->str(), "2021-06");
  EXPECT_EQ(parse_build_date("2018-05-18")->str(), "2018-05-18");
  EXPECT_EQ(parse_build_date("250807")->str(), "2025-08-07");
  EXPECT_EQ(parse_build_date("20250416")->str(), "2025-04-16");
  EXPECT_FALSE(parse_build_date("2021-13"));
  EXPECT_FALSE(parse_build_date("yesterday"));
  const Version v = parse_version("2.800.0000000.13.R, Build Date: 2021-05-30");
  EXPECT_EQ(compare_build(v, *parse_build_date("2021-06")), Order::less);
  EXPECT_EQ(compare_build(v, *parse_build_date("2021-05")), Order::unknown);  // same month, no day
  EXPECT_EQ(compare_build(v, *parse_build_date("2021-05-30")), Order::equal);
  EXPECT_EQ(compare_build(parse_version("2.800.0000000.13.R"), *parse_build_date("2021-06")), Order::unknown);
  EXPECT_EQ(parse_version("V5.5.0 build 170725").describe(), "V5.5.0 build 170725 (build 2017-07-25)");
}

}  // namespace
}  // namespace camaudit::assess
