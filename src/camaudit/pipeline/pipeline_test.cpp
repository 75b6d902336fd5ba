// SPDX-License-Identifier: Apache-2.0
#include <camaudit/pipeline/audit.hpp>
#include <camaudit/pipeline/output_file.hpp>
#include <camaudit/pipeline/paths.hpp>
#include <camaudit/pipeline/pipeline.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace camaudit::pipeline {
namespace {

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("camaudit-pipeline-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(OutputFile, WritesWholeLinesOnlyAtFlush) {
  auto dir = temp_dir("flush");
  OutputFile out;
  ASSERT_EQ(out.open((dir / "a.jsonl").string()), "");
  out.line("{\"a\":1}");
  EXPECT_EQ(slurp(dir / "a.jsonl"), "") << "nothing reaches the file before the checkpoint";
  EXPECT_EQ(out.flush(), "");
  EXPECT_EQ(slurp(dir / "a.jsonl"), "{\"a\":1}\n");
  EXPECT_EQ(out.size(), 8u);
}

TEST(OutputFile, ResumeCutsBackToTheCheckpointAndRefusesAShorterFile) {
  auto dir = temp_dir("resume");
  std::string path = (dir / "d.jsonl").string();
  std::ofstream(path) << "{\"a\":1}\n{\"b\":2}\n{\"torn";
  {
    OutputFile out;
    ASSERT_EQ(out.open(path, 8), "");
    out.line("{\"c\":3}");
  }
  EXPECT_EQ(slurp(path), "{\"a\":1}\n{\"c\":3}\n");
  OutputFile again;
  std::string error = again.open(path, 100);
  EXPECT_NE(error.find("shorter"), std::string::npos) << error;
  EXPECT_EQ(slurp(path), "{\"a\":1}\n{\"c\":3}\n") << "a refused file is left as it was";
}

TEST(Paths, SameFileUnderAnotherNameIsAClash) {
  auto dir = temp_dir("paths");
  std::string in = (dir / "obs.jsonl").string();
  std::ofstream(in) << "\n";
  std::filesystem::create_hard_link(in, dir / "link.jsonl");
  EXPECT_NE(path_clash({{"input", in}}, {{"-o", (dir / "link.jsonl").string()}}), "");
  EXPECT_NE(path_clash({{"input", in}}, {{"-o", (dir / "." / "obs.jsonl").string()}}), "");
  // Two outputs that do not exist yet, spelt differently.
  EXPECT_NE(path_clash({}, {{"-o", (dir / "x.csv").string()}, {"--csv", (dir / "sub" / ".." / "x.csv").string()}}), "");
  EXPECT_EQ(path_clash({{"input", in}}, {{"-o", (dir / "devices.jsonl").string()}, {"--csv", "-"}, {"--observations", ""}}), "");
  EXPECT_EQ(path_clash({{"a", in}, {"b", in}}, {{"-o", (dir / "d.jsonl").string()}}), "") << "inputs may share a file";
}

TEST(Audit, KbDigestIsStableAndTheRecordRoundTrips) {
  auto dir = temp_dir("kb");
  std::ofstream(dir / "a.toml") << "x = 1\n";
  std::string first = kb_sha256(dir);
  EXPECT_EQ(first.size(), 64u);
  EXPECT_EQ(kb_sha256(dir), first);
  std::ofstream(dir / "a.toml") << "x = 2\n";
  EXPECT_NE(kb_sha256(dir), first);
  AuditRecord audit = start_audit("scan", {"127.0.0.1"}, {{"ports", "80"}}, dir);
  std::string sidecar = (dir / "x.meta.json").string();
  ASSERT_EQ(write_json_file(sidecar, {{kHeaderKey, to_json(audit)}}), "");
  auto parsed = nlohmann::json::parse(slurp(sidecar));
  EXPECT_EQ(audit_record_from_json(parsed[std::string(kHeaderKey)]), audit);
  EXPECT_EQ(audit.started_at.size(), 20u) << audit.started_at;
  EXPECT_EQ(audit.camaudit_version, CAMAUDIT_VERSION);
}

// Sinks see each host once, with the pipeline's observation numbers.
struct Recorder : Sink {
  std::vector<std::size_t> observation_numbers, cited;
  std::size_t checkpoints = 0;
  void host(std::span<const Observation> observations, std::span<const DeviceRecord> devices) override {
    for (const Observation& o : observations) observation_numbers.push_back(o.index);
    for (const DeviceRecord& d : devices)
      for (const UnparsedRecord& u : d.unparsed) cited.push_back(u.observation);
  }
  void checkpoint() override { ++checkpoints; }
};

TEST(Pipeline, NumbersObservationsAcrossHostsAndCallsAssessAndEverySink) {
  Recorder a, b;
  std::size_t assessed = 0;
  Pipeline pipeline({&a, &b}, [&](DeviceRecord& r) { ++assessed, r.assessed = true; }, true);
  pipeline.set_observations_before(10);
  for (int host = 0; host < 2; ++host) {
    std::vector<Observation> observations(2);
    observations[0].index = 0;
    observations[1].index = 1;
    identify::Device d;
    d.key = d.ip = "127.0.0." + std::to_string(host + 1);
    d.unparsed.push_back({1, "http", "bad"});
    std::vector<identify::Device> devices;
    devices.push_back(d);
    pipeline.host(observations, std::move(devices), {{80}, ""});
  }
  pipeline.checkpoint();
  EXPECT_EQ(a.observation_numbers, (std::vector<std::size_t>{10, 11, 12, 13}));
  EXPECT_EQ(a.cited, (std::vector<std::size_t>{11, 13}));
  EXPECT_EQ(b.observation_numbers, a.observation_numbers);
  EXPECT_EQ(a.checkpoints, 1u);
  EXPECT_EQ(b.checkpoints, 1u);
  EXPECT_EQ(assessed, 2u);
  EXPECT_EQ(pipeline.devices(), 2u);
}

}  // namespace
}  // namespace camaudit::pipeline
