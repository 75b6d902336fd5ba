// SPDX-License-Identifier: Apache-2.0
// The camaudit binary as a person meets it, without a network: mistyped commands and
// options, exit statuses, the knowledge-base commands, and `identify` fed hostile or
// wrong input (endless zeros, devices output, repeated observations, escape sequences).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

struct Result {
  int status = -1;
  std::string out, err;
  long max_rss_kib = 0;  // the largest of the shell and the programs it ran
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("camaudit-cli-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(m_dir);
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  std::string file(const std::string& name) const { return (m_dir / name).string(); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(file(name), std::ios::binary) << text; }

  // Runs `camaudit ARGS` through /bin/sh (ARGS may hold pipes and redirections of stdin).
  Result camaudit(const std::string& args, const std::string& before = "") const {
    Result r;
    const std::string command = before + std::string(CAMAUDIT_BINARY) + " " + args + " >" + file("stdout") + " 2>" + file("stderr");
    pid_t pid = ::fork();
    if (pid == 0) {
      ::setenv("CAMAUDIT_KB", CAMAUDIT_SOURCE_DIR "/kb", 1);
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    int status = 0;
    struct rusage usage {};
    ::wait4(pid, &status, 0, &usage);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.max_rss_kib = usage.ru_maxrss;
    r.out = slurp(file("stdout"));
    r.err = slurp(file("stderr"));
    return r;
  }

  std::filesystem::path m_dir;
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// --- item 10: typos are named, exit statuses are one scheme --------------------------

TEST_F(Cli, MistypedCommandsAndOptionsAreNamedWithTheNearestOne) {
  struct Case {
    const char* args;
    const char* message;
  };
  for (Case c : {Case{"scna 127.0.0.1", "unknown command \"scna\"; did you mean \"scan\"?"},
                 Case{"kb chek", "camaudit kb: unknown command \"chek\"; did you mean \"check\"?"},
                 Case{"scna --help", "unknown command \"scna\""},  // help for no command is an error
                 Case{"", "a command is required: "},
                 Case{"--bogus", "unknown option \"--bogus\""},
                 Case{"identify --max-line-byte 2048 -",
                      "camaudit identify: unknown option \"--max-line-byte\"; did you mean \"--max-line-bytes\"?"},
                 Case{"kb stats --kbb x", "did you mean \"--kb\"?"}}) {
    Result r = camaudit(c.args);
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_TRUE(has(r.err, c.message)) << c.args << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << c.args << "\n" << r.out;
  }
}

TEST_F(Cli, VersionAndHelpSucceedAndHelpNamesExitStatuses) {
  Result r = camaudit("-V");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, CAMAUDIT_VERSION)) << r.out;
  for (const char* command : {"--help", "identify --help", "kb check --help", "scan --help", "discover --help"}) {
    r = camaudit(command);
    EXPECT_EQ(r.status, 0) << command;
    EXPECT_TRUE(has(r.out, "Exit status: 0 done, nothing wrong; 1 done, with problems")) << command << "\n" << r.out;
  }
}

TEST_F(Cli, NumericOptionsAreRangeChecked) {
  for (const char* args : {"identify --max-line-bytes 0 -", "identify --max-line-bytes -1 -",
                           "identify --max-line-bytes 99999999999999 -", "discover --wait nan", "discover --wait -1",
                           "discover --wait inf"}) {
    Result r = camaudit(args, "true | ");
    EXPECT_EQ(r.status, 2) << args << "\n" << r.err;
    EXPECT_FALSE(r.err.empty()) << args;
  }
}

// --- item 13: kb check and kb stats ---------------------------------------------------

TEST_F(Cli, KbCheckAndStatsCountExamplesTheSameWay) {
  Result check = camaudit("kb check");
  Result stats = camaudit("kb stats");
  ASSERT_EQ(check.status, 0) << check.out << check.err;
  ASSERT_EQ(stats.status, 0) << stats.err;
  std::size_t examples = 0, counterexamples = 0;
  auto at = check.out.find("rules, ");
  ASSERT_NE(at, std::string::npos) << check.out;
  ASSERT_EQ(std::sscanf(check.out.c_str() + at, "rules, %zu examples and %zu counterexamples", &examples, &counterexamples), 2)
      << check.out;
  EXPECT_GT(counterexamples, 0u);
  EXPECT_TRUE(has(stats.out, std::to_string(examples) + " examples (")) << stats.out;
  EXPECT_TRUE(has(stats.out, "and " + std::to_string(counterexamples) + " counterexamples")) << stats.out;
}

TEST_F(Cli, KbStatsColumnsAlignForLongKeys) {
  Result stats = camaudit("kb stats");
  ASSERT_EQ(stats.status, 0);
  std::istringstream in(stats.out.substr(stats.out.find("field key")));
  std::string line;
  std::size_t width = 0, rows = 0;
  while (std::getline(in, line) && !line.empty()) {
    if (width == 0) width = line.size();
    EXPECT_EQ(line.size(), width) << "misaligned: " << line;
    ++rows;
  }
  EXPECT_GT(rows, 10u);
}

TEST_F(Cli, AMissingKnowledgeBaseIsNamedOnce) {
  for (const char* command : {"kb check --kb /nonexistent", "kb stats --kb /nonexistent", "identify --kb /nonexistent -"}) {
    Result r = camaudit(command, "true | ");
    EXPECT_EQ(r.status, 2) << command;
    EXPECT_TRUE(has(r.err, "knowledge base directory /nonexistent not found")) << command << "\n" << r.err;
    EXPECT_FALSE(has(r.err + r.out, "/nonexistent/")) << r.err << r.out;
  }
}

// --- items 7, 8: identify input -----------------------------------------------------

TEST_F(Cli, EndlessZerosEndWithAMessageInBoundedMemory) {
  write("one.jsonl", R"({"ip":"127.0.0.1","protocol":"http","data":"HTTP/1.1 200 OK\r\n\r\n"})" "\n");
  Result baseline = camaudit("identify " + file("one.jsonl") + " -o /dev/null");
  ASSERT_EQ(baseline.status, 0) << baseline.err;
  Result r = camaudit("identify --max-line-bytes 1048576 - -o /dev/null", "head -c 67108864 /dev/zero | ");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(has(r.err, "<stdin>:1: skipped: line longer than 1048576 bytes")) << r.err;
  EXPECT_TRUE(has(r.err, "binary data, not JSON Lines")) << r.err;
  EXPECT_LT(r.max_rss_kib, baseline.max_rss_kib + 32 * 1024) << "memory must not grow with the line";
}

TEST_F(Cli, ABinaryFileGivesFewMessagesAndASummary) {
  Result r = camaudit("identify " + std::string(CAMAUDIT_BINARY) + " -o /dev/null");
  EXPECT_EQ(r.status, 1);
  std::size_t skipped = 0;
  for (std::size_t at = 0; (at = r.err.find(": skipped: ", at)) != std::string::npos; ++at) ++skipped;
  EXPECT_LE(skipped, 20u) << r.err.substr(0, 2000);
  EXPECT_TRUE(has(r.err, "problem(s) not shown one by one")) << r.err.substr(0, 2000);
  EXPECT_LT(r.err.size(), 20000u);
}

TEST_F(Cli, RejectedLinesAreCountedByReasonAndExitOne) {
  write("obs.jsonl", "\xEF\xBB\xBF" R"({"ip":"127.0.0.1","protocol":"http","data":"HTTP/1.1 200 OK\r\n\r\n"})" "\n"
                     R"({"ip":"127.0.0.2","protocol":"htp","data":"x"})" "\n"
                     R"({"ip":"999.1.1.1","protocol":"http","data":"x"})" "\n"
                     "{\"ip\":\"127.0.0.3\",\"protocol\":\"http\",\"data\":\"HTTP/1.1 200 OK\\r\\nServer: caf\xe9\\r\\n\\r\\n\"}\n");
  Result r = camaudit("identify " + file("obs.jsonl") + " -o " + file("devices.jsonl"));
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(has(r.err, "4 lines read, 2 accepted, 2 rejected (1 missing or invalid ip, 1 unknown protocol), "
                         "1 warning(s) (1 not UTF-8 (kept as bytes))")) << r.err;
  EXPECT_TRUE(has(r.err, ":2: skipped: unknown protocol \"htp\"")) << r.err;
  EXPECT_TRUE(has(r.err, ":4: warning: ")) << r.err;
  EXPECT_TRUE(has(slurp(file("devices.jsonl")), "127.0.0.3")) << "the non-UTF-8 observation is kept";

  // The devices file fed back by mistake: said once, not once per line.
  Result again = camaudit("identify " + file("devices.jsonl") + " -o /dev/null");
  EXPECT_EQ(again.status, 1);
  std::size_t said = 0;
  for (std::size_t at = 0; (at = again.err.find("looks like camaudit devices output", at)) != std::string::npos; ++at) ++said;
  EXPECT_EQ(said, 1u) << again.err;
}

// --- item 9: evidence is deduplicated and bounded -----------------------------------

TEST_F(Cli, ManyIdenticalObservationsGiveASmallLine) {
  {
    std::ofstream out(file("same.jsonl"));
    for (int i = 0; i < 100000; ++i)
      out << R"({"ip":"127.0.0.5","port":80,"transport":"tcp","protocol":"http","path":"/","data":"HTTP/1.1 200 OK\r\nServer: App-webs/\r\n\r\n"})"
          << "\n";
  }
  // Identification's evidence alone: the assessment's findings are bounded separately.
  Result r = camaudit("identify " + file("same.jsonl") + " --no-assess --no-store -o " + file("devices.jsonl"));
  ASSERT_EQ(r.status, 0) << r.err;
  std::string line = slurp(file("devices.jsonl"));
  EXPECT_LT(line.size(), 8000u);
  auto device = nlohmann::json::parse(line);
  EXPECT_EQ(device["observations"], 100000);
  ASSERT_FALSE(device["evidence"].empty());
  EXPECT_EQ(device["evidence"][0]["count"], 100000);
}

// --- item 6: what reaches a terminal ------------------------------------------------

TEST_F(Cli, TheTableEscapesControlAndBidiCharacters) {
  write("hostile.jsonl",
        R"({"device":"a\u001b]0;t\u0007\u202eX","protocol":"register","make":"Hikvision","model":"DS-2CD2143G2-I"})" "\n");
  Result r = camaudit("identify --table " + file("hostile.jsonl") + " -o " + file("devices.jsonl"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_FALSE(has(r.out, "\x1b")) << r.out;
  EXPECT_FALSE(has(r.out, "\x07")) << r.out;
  EXPECT_FALSE(has(r.out, "\xE2\x80\xAE")) << r.out;
  EXPECT_TRUE(has(r.out, "a\\x1b]0;t\\x07<U+202E>X")) << r.out;
  std::string json = slurp(file("devices.jsonl"));
  EXPECT_FALSE(has(json, "\x1b") || has(json, "\xE2\x80\xAE")) << "JSON keeps them only as escapes";
  EXPECT_EQ(nlohmann::json::parse(json)["device"], "a\x1b]0;t\x07\xE2\x80\xAEX");
}

// --- the inventory: two stored audits, their diff and the report's changes section ---

TEST_F(Cli, TwoStoredAuditsGiveADiffAndAReportWithItsChanges) {
  const std::string hik = R"({"ip":"127.0.0.1","port":80,"protocol":"http","data":"HTTP/1.1 200 OK\r\nServer: App-webs/\r\n\r\n"})";
  const std::string gone = R"({"ip":"127.0.0.2","port":80,"protocol":"http","data":"HTTP/1.1 200 OK\r\nServer: App-webs/\r\n\r\n"})";
  write("first.jsonl", hik + "\n" + gone + "\n");
  write("second.jsonl", hik + "\n");
  const std::string store = " --store " + file("inventory.db");
  ASSERT_EQ(camaudit("identify " + file("first.jsonl") + " -o /dev/null" + store).status, 0);
  ASSERT_EQ(camaudit("identify " + file("second.jsonl") + " -o /dev/null" + store).status, 0);
  // identify keeps its observations in the store, so the audit can be identified again.
  Result again = camaudit("reidentify 1" + store);
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_TRUE(has(again.out + again.err, "(2 observations, 2 devices")) << again.out << again.err;
  Result d = camaudit("diff 1 2" + store);
  EXPECT_EQ(d.status, 1) << "1: something changed, as diff(1)\n" << d.err;
  EXPECT_TRUE(has(d.out, "0 new, 1 gone, 0 changed, 1 unchanged")) << d.out;
  // --previous names an audit id in the store, not a file.
  Result r = camaudit("report 2 --previous 1 --format json -q -o " + file("report.json") + store);
  ASSERT_EQ(r.status, 0) << r.err;
  nlohmann::json report = nlohmann::json::parse(slurp(file("report.json")));
  ASSERT_TRUE(report.contains("diff")) << report.dump().substr(0, 2000);
  EXPECT_TRUE(has(report["diff"].dump(), "127.0.0.2")) << "the gone device is in the changes section: " << report["diff"].dump();
  EXPECT_TRUE(has(report["diff"].dump(), "removed")) << report["diff"].dump();
}

// Issues 12 and 13: an import is identified, assessed and stored as a scan's hosts are,
// one device per address (they all used to fold into one device keyed "").
TEST_F(Cli, AnImportIsAssessedAndStoredWithOneDevicePerAddress) {
  std::string lines;
  for (const char* ip : {"127.0.0.10", "127.0.0.11", "127.0.0.12"})
    lines += std::string(R"({"ip":")") + ip +
             R"(","data":{"http":{"status":"success","protocol":"http","result":{"response":{"status_line":"200 OK",)"
             R"("protocol":{"name":"HTTP/1.1"},"headers":{"server":["App-webs/"]},"body":"",)"
             R"("request":{"url":{"scheme":"http","host":")" + ip + R"(","path":"/"}}}}}}})" + "\n";
  write("sweep.json", lines);
  Result r = camaudit("import zgrab2 " + file("sweep.json") + " -o " + file("devices.jsonl") + " --csv " + file("devices.csv") +
                      " --store " + file("inventory.db") + " --jurisdiction US --org-type us_federal_agency");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.err, "3 observations, 3 devices")) << r.err;
  EXPECT_TRUE(has(r.err, "stored as audit 1")) << r.err;
  std::istringstream devices(slurp(file("devices.jsonl")));
  std::size_t n = 0;
  for (std::string line; std::getline(devices, line); ++n) {
    nlohmann::json d = nlohmann::json::parse(line);
    EXPECT_EQ(d["manufacturer"], "Hikvision");
    EXPECT_FALSE(d["findings"].empty()) << "assessed: " << line.substr(0, 300);
  }
  EXPECT_EQ(n, 3u);
  EXPECT_TRUE(has(slurp(file("devices.csv")), ",yes,")) << "a binding restriction for a US federal agency";
  Result audits = camaudit("audits --json --store " + file("inventory.db"));
  EXPECT_TRUE(has(audits.out, "\"command\":\"import\"")) << audits.out;
}

}  // namespace
