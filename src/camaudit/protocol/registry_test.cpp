// SPDX-License-Identifier: Apache-2.0
// The registry (registry.cpp) is the one list of parsers; this keeps it consistent with
// the files around it. Every registered parser has a unique name, keys, a fuzz target and
// tests; every header that declares a Parser is registered. A parser added without its
// line in registry.cpp, its fuzz target or its tests fails here.
#include <camaudit/source_paths.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace camaudit::protocol {
namespace {

namespace fs = std::filesystem;

const fs::path kRepoRoot = fs::path(CAMAUDIT_SOURCE_KB_DIR).parent_path();
const fs::path kProtocolDir = kRepoRoot / "src" / "camaudit" / "protocol";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Protocol name -> stem of the header declaring its Parser ("telnet" -> "telnet"),
// from every `extern const Parser k<Name>Parser;` in src/camaudit/protocol/*.hpp. The
// protocol name is <Name> in lower case (kDahua5050Parser -> "dahua5050").
std::map<std::string, std::string> declared_parsers() {
  static const std::regex kDeclaration(R"(extern\s+const\s+Parser\s+k(\w+)Parser\s*;)");
  std::map<std::string, std::string> declared;
  for (const fs::directory_entry& entry : fs::directory_iterator(kProtocolDir)) {
    if (entry.path().extension() != ".hpp") continue;
    const std::string text = read_file(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), kDeclaration), end; it != end; ++it) {
      std::string name = (*it)[1].str();
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      declared.emplace(name, entry.path().stem().string());
    }
  }
  return declared;
}

TEST(Registry, SourceTreeIsWhereTheTestLooks) {
  ASSERT_TRUE(fs::is_regular_file(kProtocolDir / "registry.cpp")) << kProtocolDir;
  ASSERT_TRUE(fs::is_directory(kRepoRoot / "fuzz")) << kRepoRoot;
}

TEST(Registry, NamesAreUniqueAndNonEmpty) {
  ASSERT_FALSE(parsers().empty());
  std::set<std::string_view> seen;
  for (const Parser& parser : parsers()) {
    EXPECT_FALSE(parser.protocol.empty());
    EXPECT_TRUE(seen.insert(parser.protocol).second) << "registered twice: " << parser.protocol;
    EXPECT_FALSE(parser.summary.empty()) << parser.protocol;
    EXPECT_NE(parser.parse, nullptr) << parser.protocol;
    EXPECT_EQ(find_parser(parser.protocol), &parser) << parser.protocol;
  }
  EXPECT_EQ(find_parser("no-such-protocol"), nullptr);
}

TEST(Registry, EveryParserDeclaresItsKeys) {
  for (const Parser& parser : parsers()) {
    EXPECT_FALSE(parser.keys.empty()) << parser.protocol;
    for (std::string_view key : parser.keys) {
      EXPECT_FALSE(key.empty()) << parser.protocol;
      EXPECT_TRUE(known_field_key(key)) << key;
    }
  }
}

TEST(Registry, EveryParserHasAFuzzTarget) {
  for (const Parser& parser : parsers()) {
    const fs::path target = kRepoRoot / "fuzz" / (std::string(parser.protocol) + "_fuzz.cpp");
    EXPECT_TRUE(fs::is_regular_file(target)) << "missing " << target;
  }
}

TEST(Registry, EveryParserHasItsFileAndTests) {
  const std::map<std::string, std::string> declared = declared_parsers();
  for (const Parser& parser : parsers()) {
    auto it = declared.find(std::string(parser.protocol));
    if (it == declared.end()) {
      ADD_FAILURE() << parser.protocol << ": no src/camaudit/protocol/*.hpp declares its Parser";
      continue;
    }
    const std::string& stem = it->second;
    EXPECT_TRUE(fs::is_regular_file(kProtocolDir / (stem + ".cpp"))) << parser.protocol << ": no " << stem << ".cpp";
    EXPECT_TRUE(fs::is_regular_file(kProtocolDir / (stem + "_test.cpp")))
        << parser.protocol << ": no " << stem << "_test.cpp";
  }
}

// One name per protocol (CONTRIBUTING): the "ftp" parser lives in ftp.{hpp,cpp}, not
// in a file shared with other protocols.
TEST(Registry, EveryParserIsInTheFileOfItsName) {
  for (const auto& [protocol, stem] : declared_parsers()) EXPECT_EQ(stem, protocol) << protocol;
}

TEST(Registry, EveryDeclaredParserIsRegistered) {
  const std::map<std::string, std::string> declared = declared_parsers();
  EXPECT_EQ(declared.size(), parsers().size());
  for (const auto& [protocol, stem] : declared)
    EXPECT_NE(find_parser(protocol), nullptr) << stem << ".hpp declares a parser for \"" << protocol
                                              << "\" that registry.cpp does not list";
  // The shared helpers are building blocks, not parsers.
  for (const char* helper : {"message", "payload", "json_fields", "xml_fields"}) {
    EXPECT_TRUE(fs::is_regular_file(kProtocolDir / (std::string(helper) + ".hpp"))) << helper;
    for (const auto& [protocol, stem] : declared) EXPECT_NE(stem, helper) << protocol;
  }
}

}  // namespace
}  // namespace camaudit::protocol
