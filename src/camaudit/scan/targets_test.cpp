// SPDX-License-Identifier: Apache-2.0
// Target specs. Only "localhost" is ever resolved here: any other name would send a DNS
// query off this machine.
#include <camaudit/scan/targets.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace camaudit::scan {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

IpAddress ip(std::string_view text) {
  auto block = parse_target(text);
  if (!block || block->size() != 1) throw std::invalid_argument("test address " + std::string(text));
  return block->at(0);
}

TargetSet::Block block_of(std::string_view spec) {
  auto block = parse_target(spec);
  if (!block) throw std::invalid_argument("test spec parsed as a host name: " + std::string(spec));
  return *block;
}

std::vector<std::string> all_addresses(const TargetSet::Block& block) {
  std::vector<std::string> out;
  for (std::uint64_t i = 0; i < block.size(); ++i) out.push_back(block.at(i).str());
  return out;
}

// The message parse_target throws for `spec`, or "" when it throws nothing.
std::string error_of(std::string_view spec) {
  try {
    parse_target(spec);
  } catch (const TargetError& error) {
    return error.what();
  }
  return "";
}

// A file that removes itself, for -iL and --exclude-file.
struct TempFile {
  std::string path;
  explicit TempFile(std::string_view text) {
    path = (std::filesystem::temp_directory_path() /
            ("camaudit_targets_" + std::to_string(::getpid()) + "_" + std::to_string(counter++)))
               .string();
    std::ofstream(path) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
  static inline int counter = 0;
};

TEST(TargetAddress, FormatsIpv4AndIpv6InRfc5952Form) {
  EXPECT_EQ(IpAddress::v4(0x0a000007).str(), "10.0.0.7");
  EXPECT_EQ(IpAddress::v4(0x0a000007).v4_value(), 0x0a000007u);
  EXPECT_EQ(ip("::1").str(), "::1");
  EXPECT_EQ(ip("::").str(), "::");
  EXPECT_EQ(ip("FD00:0:0:0:0:0:0:1").str(), "fd00::1");
  EXPECT_EQ(ip("2001:db8:0:0:1:0:0:1").str(), "2001:db8::1:0:0:1");  // the first of equal runs
  EXPECT_EQ(ip("2001:db8:0:1:1:1:1:1").str(), "2001:db8:0:1:1:1:1:1");  // one zero group stays
  EXPECT_EQ(ip("2001:0db8::0001").str(), "2001:db8::1");
  EXPECT_EQ(ip("::ffff:10.0.0.1").str(), "::ffff:10.0.0.1");
  EXPECT_TRUE(ip("::1").v6);
  EXPECT_FALSE(ip("10.0.0.1").v6);
}

TEST(TargetParse, SingleAddresses) {
  auto v4 = block_of("10.0.0.7");
  EXPECT_EQ(v4.size(), 1u);
  EXPECT_EQ(v4.at(0), IpAddress::v4(0x0a000007));
  EXPECT_EQ(v4.spec, "10.0.0.7");
  auto v6 = block_of("fd00::1");
  EXPECT_TRUE(v6.v6);
  EXPECT_EQ(v6.size(), 1u);
  EXPECT_EQ(v6.at(0).str(), "fd00::1");
}

TEST(TargetParse, Ipv4Cidr) {
  auto block = block_of("10.0.0.7/30");  // host bits cleared, as nmap does
  EXPECT_THAT(all_addresses(block), ElementsAre("10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7"));
  EXPECT_EQ(block_of("10.0.0.0/8").size(), 1u << 24);
  EXPECT_EQ(block_of("10.0.0.0/8").at((1u << 24) - 1).str(), "10.255.255.255");
  EXPECT_EQ(block_of("10.0.0.1/32").size(), 1u);
  EXPECT_EQ(block_of("0.0.0.0/0").size(), std::uint64_t{1} << 32);
  EXPECT_EQ(block_of("0.0.0.0/0").at((std::uint64_t{1} << 32) - 1).str(), "255.255.255.255");
}

TEST(TargetParse, Ipv6Cidr) {
  auto block = block_of("fd00::1234/126");
  EXPECT_THAT(all_addresses(block), ElementsAre("fd00::1234", "fd00::1235", "fd00::1236", "fd00::1237"));
  auto big = block_of("fd00::/96");
  EXPECT_EQ(big.size(), std::uint64_t{1} << 32);
  EXPECT_EQ(big.at((std::uint64_t{1} << 32) - 1).str(), "fd00::ffff:ffff");
  EXPECT_EQ(block_of("fd00::ff:ffff:ffff/96").at(0).str(), "fd00::ff:0:0");
}

TEST(TargetParse, LastOctetRange) {
  auto block = block_of("10.0.0.1-254");
  EXPECT_EQ(block.size(), 254u);
  EXPECT_EQ(block.at(0).str(), "10.0.0.1");
  EXPECT_EQ(block.at(253).str(), "10.0.0.254");
  EXPECT_EQ(block_of("10.0.0.-2").size(), 3u);    // nmap: a missing start is 0
  EXPECT_EQ(block_of("10.0.0.250-").size(), 6u);  // and a missing end 255
  EXPECT_EQ(block_of("10.0.0.-").size(), 256u);
}

TEST(TargetParse, OctetProductsInOrder) {
  auto block = block_of("10.0.1-3.*");
  EXPECT_EQ(block.size(), 3u * 256);
  EXPECT_EQ(block.at(0).str(), "10.0.1.0");
  EXPECT_EQ(block.at(255).str(), "10.0.1.255");
  EXPECT_EQ(block.at(256).str(), "10.0.2.0");
  EXPECT_EQ(block.at(3 * 256 - 1).str(), "10.0.3.255");
  // Comma lists per octet, mixed with ranges; duplicates and order do not matter.
  EXPECT_THAT(all_addresses(block_of("10.0.4,0,2,0.1")), ElementsAre("10.0.0.1", "10.0.2.1", "10.0.4.1"));
  EXPECT_THAT(all_addresses(block_of("192.168.1,3.1-2,9")),
              ElementsAre("192.168.1.1", "192.168.1.2", "192.168.1.9", "192.168.3.1", "192.168.3.2",
                          "192.168.3.9"));
  EXPECT_EQ(block_of("*.*.*.*").size(), std::uint64_t{1} << 32);
}

TEST(TargetParse, FullAddressRanges) {
  auto v4 = block_of("10.0.0.250-10.0.1.2");
  EXPECT_THAT(all_addresses(v4), ElementsAre("10.0.0.250", "10.0.0.251", "10.0.0.252", "10.0.0.253", "10.0.0.254",
                                             "10.0.0.255", "10.0.1.0", "10.0.1.1", "10.0.1.2"));
  auto v6 = block_of("fd00::fffe-fd00::1:1");
  EXPECT_THAT(all_addresses(v6), ElementsAre("fd00::fffe", "fd00::ffff", "fd00::1:0", "fd00::1:1"));
}

TEST(TargetParse, BlockContains) {
  auto product = block_of("10.0.1-3.*");
  EXPECT_TRUE(product.contains(ip("10.0.2.77")));
  EXPECT_FALSE(product.contains(ip("10.0.4.1")));
  EXPECT_FALSE(product.contains(ip("::ffff:10.0.2.77")));
  auto range = block_of("fd00::/120");
  EXPECT_TRUE(range.contains(ip("fd00::ff")));
  EXPECT_FALSE(range.contains(ip("fd00::100")));
  EXPECT_FALSE(range.contains(ip("fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
  EXPECT_FALSE(block_of("10.0.0.0/24").contains(ip("9.255.255.255")));
}

TEST(TargetParse, HostNamesAreNotResolvedByParseTarget) {
  EXPECT_FALSE(parse_target("camera-07.example.internal").has_value());
  EXPECT_FALSE(parse_target("bad.host.invalid").has_value());
  EXPECT_FALSE(parse_target("nvr").has_value());
  EXPECT_FALSE(parse_target("nvr.local./28").has_value());
  EXPECT_FALSE(parse_target("1x.example").has_value());
}

TEST(TargetParse, ErrorsNameTheSpecAndTheProblem) {
  EXPECT_EQ(error_of("10.0.0.300"), "10.0.0.300: octet 4 is 300, must be 0-255");
  EXPECT_EQ(error_of("10.0.0.0/33"), "10.0.0.0/33: prefix longer than 32");
  EXPECT_EQ(error_of("fd00::/129"), "fd00::/129: prefix longer than 128");
  EXPECT_THAT(error_of("fd00::/64"), HasSubstr("fd00::/64: IPv6 block of 2^64 addresses; at most 2^32"));
  EXPECT_EQ(error_of("10.0.0.0/x"), "10.0.0.0/x: prefix 'x' is not a number");
  EXPECT_EQ(error_of("10.0.0.0/"), "10.0.0.0/: prefix '' is not a number");
  EXPECT_EQ(error_of("10.0.0"), "10.0.0: expected 4 octets, found 3");
  EXPECT_EQ(error_of("10.0.0.1.2"), "10.0.0.1.2: expected 4 octets, found 5");
  EXPECT_EQ(error_of("10..0.1"), "10..0.1: octet 2 is empty");
  EXPECT_EQ(error_of("10.0.0.9-3"), "10.0.0.9-3: octet 4 range 9-3 is reversed");
  EXPECT_EQ(error_of("10.0.0.1,,2"), "10.0.0.1,,2: octet 4 has an empty element");
  EXPECT_EQ(error_of("10.0.0.1-2-3"), "10.0.0.1-2-3: octet 4 has '1-2-3', expected a number 0-255, a range or *");
  EXPECT_EQ(error_of("10.256-300.0.1"), "10.256-300.0.1: octet 2 is 256, must be 0-255");
  EXPECT_EQ(error_of("10.0.0.99999999999999999999"),
            "10.0.0.99999999999999999999: octet 4 is 99999999999999999999, must be 0-255");
  EXPECT_EQ(error_of("10.0.0.9-10.0.0.1"), "10.0.0.9-10.0.0.1: range ends before it starts");
  EXPECT_EQ(error_of("fd00::-fe00::"), "fd00::-fe00::: range of more than 2^32 addresses");
  EXPECT_EQ(error_of("10.0.1-2.0/24"), "10.0.1-2.0/24: a CIDR block needs a single base address, not a range");
  EXPECT_EQ(error_of("fd00::g"), "fd00::g: not a valid IPv6 address");
  EXPECT_EQ(error_of("fe80::1%eth0"), "fe80::1%eth0: not a valid IPv6 address");
  EXPECT_EQ(error_of(std::string("::f\0" "1", 5)), "::f?1: not a valid IPv6 address");  // no C-string cut
  EXPECT_EQ(error_of("under score!"), "under score!: not an address, range, CIDR block or host name");
  EXPECT_EQ(error_of("-bad.example"), "-bad.example: not an address, range, CIDR block or host name");
  EXPECT_EQ(error_of("bad host/24"), "bad host/24: not an address, CIDR block or host name");
  EXPECT_EQ(error_of(""), "empty target");
  EXPECT_EQ(error_of(std::string("10.0.0.\x01", 8)), "10.0.0.?: not an address, range, CIDR block or host name");
  EXPECT_THAT(error_of(std::string(300, '.')), HasSubstr("...: expected 4 octets, found 301"));
}

TEST(TargetSet, AddsBlocksAndIndexesAcrossThem) {
  TargetSet set;
  set.add(" 10.0.0.1-3 ");
  set.add("fd00::/127");
  set.add("192.168.1,5.1");
  EXPECT_EQ(set.size(), 3u + 2 + 2);
  std::vector<std::string> seen;
  for (std::uint64_t i = 0; i < set.size(); ++i) seen.push_back(set.at(i).str());
  EXPECT_THAT(seen, ElementsAre("10.0.0.1", "10.0.0.2", "10.0.0.3", "fd00::", "fd00::1", "192.168.1.1", "192.168.5.1"));
  EXPECT_THAT(set.specs(), ElementsAre("10.0.0.1-3", "fd00::/127", "192.168.1,5.1"));
  EXPECT_THROW(set.at(set.size()), std::out_of_range);
}

TEST(TargetSet, ErrorsLeaveTheSetUnchanged) {
  TargetSet set;
  set.add("10.0.0.1");
  EXPECT_THROW(set.add("10.0.0.300"), TargetError);
  EXPECT_EQ(set.size(), 1u);
  EXPECT_THAT(set.specs(), SizeIs(1));
}

TEST(TargetSet, HugeBlocksStayTiny) {
  TargetSet set;
  set.add("10.0.0.0/8");
  set.add("fd00::/96");
  EXPECT_EQ(set.size(), (std::uint64_t{1} << 24) + (std::uint64_t{1} << 32));
  // One block per spec, with no octet lists: nothing grows with the number of addresses.
  ASSERT_THAT(set.blocks(), SizeIs(2));
  for (const auto& block : set.blocks())
    for (const auto& list : block.octets) EXPECT_EQ(list.capacity(), 0u);
  EXPECT_LT(sizeof(TargetSet), 256u);
  EXPECT_EQ(set.at((std::uint64_t{1} << 24) + 0x12345678).str(), "fd00::1234:5678");
  // An octet product keeps at most 256 values per octet, whatever its size.
  set.add("10.*.*.*");
  std::size_t octet_values = 0;
  for (const auto& list : set.blocks().back().octets) octet_values += list.size();
  EXPECT_EQ(octet_values, 1u + 3 * 256);
}

TEST(TargetSet, RefusesMoreThanTheLimit) {
  TargetSet set;
  for (int i = 0; i < 256; ++i) set.add("fd00:" + std::to_string(i) + "::/96");
  EXPECT_EQ(set.size(), TargetSet::kMaxSize);
  try {
    set.add("10.0.0.1");
    FAIL() << "the 2^40 + 1st address was accepted";
  } catch (const TargetError& error) {
    EXPECT_THAT(error.what(), HasSubstr("10.0.0.1: more than 2^40 addresses"));
  }
}

TEST(TargetSet, ResolvesLocalhostOnly) {
  TargetSet set;
  set.add("localhost");
  ASSERT_EQ(set.size(), 1u);
  // /etc/hosts may map localhost to 127.0.0.1 or ::1; an IPv4 answer is preferred.
  const IpAddress address = set.at(0);
  EXPECT_TRUE(address.v6 ? address.str() == "::1" : address.bytes[0] == 127) << address.str();
  EXPECT_THAT(set.public_specs(), IsEmpty());
  EXPECT_THAT(set.specs(), ElementsAre("localhost"));
  set.add(address.v6 ? "localhost/126" : "localhost/30");  // nmap takes a prefix on a host name too
  EXPECT_EQ(set.size(), 1u + 4);
  EXPECT_TRUE(set.blocks().back().contains(address));
}

TEST(TargetSet, ExcludesByCommaListAndFile) {
  TargetSet set;
  set.add("10.0.0.0/24");
  set.exclude("10.0.0.1, 10.0.0.10-12,10.0.0.100,101");
  EXPECT_THAT(set.exclusions(), ElementsAre("10.0.0.1", "10.0.0.10-12", "10.0.0.100,101"));
  EXPECT_TRUE(set.excluded(ip("10.0.0.1")));
  EXPECT_TRUE(set.excluded(ip("10.0.0.11")));
  EXPECT_TRUE(set.excluded(ip("10.0.0.101")));
  EXPECT_FALSE(set.excluded(ip("10.0.0.2")));
  EXPECT_FALSE(set.excluded(ip("10.0.0.13")));
  EXPECT_EQ(set.size(), 256u);  // exclusions are checked on visit, not subtracted

  TempFile file("# hosts not to touch\n10.0.0.200 # the NVR\n\n  10.0.1,2.5\tfd00::/120\n");
  set.exclude_file(file.path);
  EXPECT_TRUE(set.excluded(ip("10.0.0.200")));
  EXPECT_TRUE(set.excluded(ip("10.0.2.5")));
  EXPECT_TRUE(set.excluded(ip("fd00::ff")));
  EXPECT_FALSE(set.excluded(ip("10.0.0.201")));
  EXPECT_THAT(set.exclusions(), ElementsAre("10.0.0.1", "10.0.0.10-12", "10.0.0.100,101", "10.0.0.200", "10.0.1,2.5",
                                            "fd00::/120"));

  // Each recorded exclusion replays through exclude(), as a resumed scan does.
  TargetSet replay;
  for (const auto& spec : set.exclusions()) replay.exclude(spec);
  EXPECT_EQ(replay.exclusions(), set.exclusions());
  EXPECT_THROW(set.exclude("10.0.0.1,,10.0.0.2"), TargetError);
  EXPECT_THROW(set.exclude("10.0.0.1,2,999"), TargetError);
}

TEST(TargetSet, AddFileReadsSpecsAndComments) {
  TempFile file(
      "# estate, floor 2\n"
      "10.0.0.1 10.0.0.2\t10.0.0.8/30 # cameras\n"
      "\n"
      "   # indented comment\n"
      "192.168.1,2.1\r\n"
      "fd00::1\n");
  TargetSet set;
  set.add_file(file.path);
  EXPECT_THAT(set.specs(), ElementsAre("10.0.0.1", "10.0.0.2", "10.0.0.8/30", "192.168.1,2.1", "fd00::1"));
  EXPECT_EQ(set.size(), 1u + 1 + 4 + 2 + 1);
}

TEST(TargetSet, FileErrorsNameFileAndLine) {
  TempFile file("10.0.0.1\n# fine\n10.0.0.2 10.0.0.300\n");
  TargetSet set;
  try {
    set.add_file(file.path);
    FAIL() << "a bad octet was accepted";
  } catch (const TargetError& error) {
    EXPECT_EQ(std::string(error.what()), file.path + ":3: 10.0.0.300: octet 4 is 300, must be 0-255");
  }
  const std::string missing = file.path + ".missing";
  try {
    set.exclude_file(missing);
    FAIL() << "a missing file was accepted";
  } catch (const TargetError& error) {
    EXPECT_EQ(std::string(error.what()), missing + ": cannot open: No such file or directory");
  }
}

TEST(TargetPublicGuard, PublicReason) {
  for (auto text : {"10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1", "127.0.0.1",
                    "127.255.0.9", "169.254.1.1", "100.64.0.1", "100.127.255.255", "::1", "fe80::1",
                    "febf:ffff::1", "fc00::1", "fd12:3456::1", "::ffff:192.168.1.1"})
    EXPECT_EQ(public_reason(ip(text)), "") << text;
  for (auto text : {"8.8.8.8", "172.32.0.1", "172.15.255.255", "192.169.0.1", "100.128.0.0", "11.0.0.0",
                    "203.0.113.5", "2001:db8::1", "fec0::1", "::2", "::ffff:8.8.8.8"})
    EXPECT_EQ(public_reason(ip(text)), "public address space (not RFC 1918, loopback, link-local, CGNAT or ULA)")
        << text;
  EXPECT_THAT(std::string(public_reason(ip("0.0.0.0"))), HasSubstr("not a scannable host"));
  EXPECT_THAT(std::string(public_reason(ip("224.0.0.251"))), HasSubstr("multicast"));
  EXPECT_THAT(std::string(public_reason(ip("239.255.255.250"))), HasSubstr("multicast"));
  EXPECT_THAT(std::string(public_reason(ip("255.255.255.255"))), HasSubstr("broadcast"));
  EXPECT_THAT(std::string(public_reason(ip("240.0.0.1"))), HasSubstr("reserved"));
  EXPECT_THAT(std::string(public_reason(ip("::"))), HasSubstr("unspecified"));
  EXPECT_THAT(std::string(public_reason(ip("ff02::1"))), HasSubstr("multicast"));
  EXPECT_THAT(std::string(public_reason(ip("::ffff:224.0.0.1"))), HasSubstr("multicast"));
}

std::vector<std::string> public_specs_of(std::initializer_list<std::string_view> specs) {
  TargetSet set;
  for (auto spec : specs) set.add(spec);
  return set.public_specs();
}

TEST(TargetPublicGuard, PublicSpecsFromBlockBounds) {
  EXPECT_THAT(public_specs_of({"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16",
                               "100.64.0.0/10", "fd00::/96", "fe80::/96", "::1", "10.*.*.*", "192.168.*.*",
                               "10,127.0.0.1", "172.16-31.0.1", "10.0.0.1-10.255.255.255"}),
              IsEmpty());
  EXPECT_THAT(public_specs_of({"8.8.8.8"}),
              ElementsAre("8.8.8.8: 8.8.8.8 is public address space (not RFC 1918, loopback, link-local, CGNAT or ULA)"));
  EXPECT_THAT(public_specs_of({"172.32.0.1"}), ElementsAre(HasSubstr("172.32.0.1: 172.32.0.1 is public")));
  // A block that spills over the end of a private range: the first address past it is named.
  EXPECT_THAT(public_specs_of({"192.168.0.0/15"}), ElementsAre(HasSubstr("192.168.0.0/15: 192.169.0.0 is public")));
  EXPECT_THAT(public_specs_of({"10.255.255.0-11.0.0.5"}), ElementsAre(HasSubstr(": 11.0.0.0 is public")));
  EXPECT_THAT(public_specs_of({"172.16-32.0.1"}), ElementsAre(HasSubstr(": 172.32.0.1 is public")));
  EXPECT_THAT(public_specs_of({"10,11.0.0.1"}), ElementsAre(HasSubstr(": 11.0.0.1 is public")));
  EXPECT_THAT(public_specs_of({"9-10.0.0.1"}), ElementsAre(HasSubstr(": 9.0.0.1 is public")));
  // fd00::/8 is private, but too big a block to scan (nmap's limit); its /96s are private.
  EXPECT_THAT(error_of("fd00::/8"), HasSubstr("2^120 addresses"));
  EXPECT_EQ(public_reason(ip("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")), "");
  EXPECT_THAT(public_specs_of({"fdff:ffff:ffff:ffff:ffff:ffff::/96"}), IsEmpty());
  EXPECT_THAT(public_specs_of({"2001:db8::1"}), ElementsAre(HasSubstr("2001:db8::1 is public")));
  EXPECT_THAT(public_specs_of({"fdff:ffff:ffff:ffff:ffff:ffff:ffff:fff0-fe00::5"}),
              ElementsAre(HasSubstr(": fe00:: is public")));
  EXPECT_THAT(public_specs_of({"224.0.0.0/4"}), ElementsAre(HasSubstr("224.0.0.0 is multicast")));
  EXPECT_THAT(public_specs_of({"10.0.0.1", "8.8.8.8", "192.168.1.1"}), SizeIs(1));
}

}  // namespace
}  // namespace camaudit::scan
