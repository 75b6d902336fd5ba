// SPDX-License-Identifier: Apache-2.0
// End to end over the research corpus: the real device responses of ../shared/corpus/,
// cut into observations by scripts/corpus_sample.py (samples/corpus.jsonl), are
// identified with the shipped knowledge base, and every expectation of
// tests/corpus/manifest.toml must come out exactly. One test per corpus file, named after
// it, so a failure says which response was misread; the message
// carries the device's evidence as `camaudit identify` would print it.
#include <camaudit/source_paths.hpp>
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/identify/observation_reader.hpp>
#include <camaudit/kb/knowledge_base.hpp>

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace camaudit::identify {
namespace {

const std::filesystem::path kRepoRoot = std::filesystem::path(CAMAUDIT_SOURCE_KB_DIR).parent_path();

// One [file.expect] or [[file.device]] of the manifest.
struct DeviceExpectation {
  std::string device_id;  // the "device" of its observations: file stem, or stem#key
  std::optional<std::string> manufacturer, brand, model, firmware;
  std::string known_gap;
};

// The expectations of one corpus file that is not skipped.
struct FileExpectation {
  std::string file;
  std::vector<DeviceExpectation> devices;
  std::string manifest_error;  // set on the single entry returned when the manifest is unreadable
};

void PrintTo(const FileExpectation& e, std::ostream* os) { *os << e.file; }

std::optional<std::string> optional_string(const toml::table& t, std::string_view key) {
  if (auto v = t[key].value<std::string>()) return *v;
  return std::nullopt;
}

// Read at test registration, so each corpus file becomes its own named test.
std::vector<FileExpectation> load_expectations() {
  const std::filesystem::path path = kRepoRoot / "tests" / "corpus" / "manifest.toml";
  toml::table manifest;
  try {
    manifest = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    FileExpectation broken;
    broken.file = "manifest";
    broken.manifest_error = path.string() + ": " + std::string(e.description());
    return {broken};
  }
  std::vector<FileExpectation> out;
  const toml::array* files = manifest["file"].as_array();
  if (files == nullptr) return out;
  for (const toml::node& node : *files) {
    const toml::table* file = node.as_table();
    if (file == nullptr || file->contains("skip")) continue;
    FileExpectation f;
    f.file = optional_string(*file, "name").value_or("?");
    const std::string stem = std::filesystem::path(f.file).stem().string();
    auto add = [&](const toml::table& t) {
      DeviceExpectation e;
      const std::string key = optional_string(t, "key").value_or("");
      e.device_id = key.empty() ? stem : stem + "#" + key;
      e.manufacturer = optional_string(t, "manufacturer");
      e.brand = optional_string(t, "brand");
      e.model = optional_string(t, "model");
      e.firmware = optional_string(t, "firmware");
      e.known_gap = optional_string(t, "known_gap").value_or("");
      f.devices.push_back(std::move(e));
    };
    if (const toml::table* expect = (*file)["expect"].as_table()) add(*expect);
    if (const toml::array* devices = (*file)["device"].as_array())
      for (const toml::node& d : *devices)
        if (const toml::table* t = d.as_table()) add(*t);
    out.push_back(std::move(f));
  }
  return out;
}

// Identification of the whole sample, done once for all tests.
struct Identified {
  std::unique_ptr<kb::KnowledgeBase> kb;
  std::map<std::string, Device> devices;  // by device id
  std::vector<std::string> errors;        // KB problems, unreadable lines
};

const Identified& identified() {
  static const Identified result = [] {
    Identified r;
    std::vector<kb::Problem> problems;
    r.kb = kb::KnowledgeBase::load(CAMAUDIT_SOURCE_KB_DIR, problems);
    for (const kb::Problem& p : problems) r.errors.push_back("kb: " + p.message);
    if (!r.kb) return r;
    const std::filesystem::path sample = kRepoRoot / "samples" / "corpus.jsonl";
    std::FILE* in = std::fopen(sample.string().c_str(), "rb");
    if (in == nullptr) {
      r.errors.push_back("cannot open " + sample.string());
      return r;
    }
    Identifier identifier(*r.kb);
    ObservationReader reader(in);
    reader.read([&](Observation&& obs) { identifier.add(obs); },
                [&](const ReadError& e) {
                  r.errors.push_back("samples/corpus.jsonl:" + std::to_string(e.line) + ": " + e.message);
                });
    std::fclose(in);
    for (Device& d : identifier.finish()) {
      std::string key = d.key;
      r.devices.emplace(std::move(key), std::move(d));
    }
    return r;
  }();
  return result;
}

std::string shown(const std::optional<std::string>& v) { return v ? "\"" + *v + "\"" : "(none)"; }

class Corpus : public ::testing::TestWithParam<FileExpectation> {};

TEST_P(Corpus, IdentifiesEveryDevice) {
  const FileExpectation& f = GetParam();
  ASSERT_TRUE(f.manifest_error.empty()) << f.manifest_error;
  std::string gaps;
  for (const DeviceExpectation& e : f.devices)
    if (!e.known_gap.empty()) gaps += (gaps.empty() ? "" : "; ") + e.device_id + ": " + e.known_gap;
  const bool all_gaps = std::all_of(f.devices.begin(), f.devices.end(),
                                    [](const DeviceExpectation& e) { return !e.known_gap.empty(); });
  if (all_gaps) GTEST_SKIP() << "known gap: " << gaps;

  const Identified& all = identified();
  ASSERT_NE(all.kb, nullptr) << "the knowledge base did not load";
  for (const std::string& error : all.errors) ADD_FAILURE() << error;
  for (const DeviceExpectation& e : f.devices) {
    if (!e.known_gap.empty()) continue;
    SCOPED_TRACE("device " + e.device_id);
    auto it = all.devices.find(e.device_id);
    if (it == all.devices.end()) {
      ADD_FAILURE() << "no observation of device " << e.device_id
                    << " in samples/corpus.jsonl (run scripts/corpus_sample.py)";
      continue;
    }
    const Device& d = it->second;
    const std::string evidence = "corpus:" + f.file + " identified as:\n" + device_to_json_line(d);
    // "" means: nothing may be claimed (manufacturer), or the maker's own label (brand).
    auto expect_value = [&](const char* what, const std::optional<std::string>& expected,
                            const std::optional<std::string>& actual) {
      if (!expected) return;
      const std::optional<std::string> want = expected->empty() ? std::nullopt : expected;
      EXPECT_EQ(actual, want) << what << ": expected " << shown(want) << ", got " << shown(actual) << "\n"
                              << evidence;
    };
    expect_value("manufacturer", e.manufacturer, d.value(Attribute::manufacturer));
    expect_value("brand", e.brand, d.brand());
    expect_value("model", e.model, d.value(Attribute::model));
    expect_value("firmware", e.firmware, d.value(Attribute::firmware));
  }
  // The rest passed; what is left is reported, not passed.
  if (!gaps.empty()) GTEST_SKIP() << "known gap: " << gaps;
}

std::string test_name(const ::testing::TestParamInfo<FileExpectation>& info) {
  std::string name;
  for (char c : std::filesystem::path(info.param.file).stem().string())
    name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Manifest, Corpus, ::testing::ValuesIn(load_expectations()), test_name);

TEST(CorpusManifest, ListsExpectations) {
  // Guards against a manifest that silently parses to nothing.
  EXPECT_GE(load_expectations().size(), 30u);
}

}  // namespace
}  // namespace camaudit::identify
