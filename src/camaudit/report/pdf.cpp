// SPDX-License-Identifier: Apache-2.0
// The PDF report: the HTML report printed by headless Chromium (Debian's `chromium`;
// scripts/install-deps.sh installs it). The browser runs in a throwaway profile with
// every background service off, on a file in a private temporary directory; the
// report itself makes no requests (its Content-Security-Policy forbids them).
// $CAMAUDIT_CHROMIUM names another binary. A missing browser is a clear error.
#include <camaudit/report/all.hpp>

#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace camaudit::report {

namespace {

namespace fs = std::filesystem;

// A directory removed with everything in it when the writer is done.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "camaudit-pdf-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw WriteError("pdf: cannot create a temporary directory");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

std::optional<std::string> find_browser() {
  if (const char* env = std::getenv("CAMAUDIT_CHROMIUM"); env && *env) return std::string(env);
  const char* path = std::getenv("PATH");
  for (std::string_view name : {"chromium", "chromium-browser", "google-chrome"}) {
    std::string dirs = path ? path : "/usr/bin:/bin";
    for (std::size_t start = 0; start <= dirs.size();) {
      std::size_t end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
      start = end + 1;
    }
  }
  return std::nullopt;
}

// Runs the browser; returns its exit status, or -1 when it ran past the deadline.
int run(const std::vector<std::string>& args, const fs::path& log, std::chrono::seconds deadline) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw WriteError(fmt::format("pdf: cannot start {}: {}", args[0], std::strerror(rc)));
  const auto until = std::chrono::steady_clock::now() + deadline;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > until) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string tail_of(const fs::path& log) {
  std::ifstream in(log);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.size() > 600 ? text.substr(text.size() - 600) : text;
}

void write_pdf(const Model& model, const fs::path& out) {
  auto browser = find_browser();
  if (!browser)
    throw WriteError("pdf: Chromium is not installed (Debian: apt-get install chromium, or scripts/install-deps.sh); "
                     "set CAMAUDIT_CHROMIUM to use another Chromium binary, or write --format html and print it");
  TempDir dir;
  const fs::path html = dir.path / "report.html", pdf = dir.path / "report.pdf", log = dir.path / "chromium.log";
  write_file(html, html_document(model));
  const std::vector<std::string> args = {
      *browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
      "--no-pdf-header-footer", "--user-data-dir=" + (dir.path / "profile").string(), "--print-to-pdf=" + pdf.string(),
      "file://" + html.string()};
  int status = run(args, log, std::chrono::seconds(180));
  if (status != 0 || !fs::exists(pdf))
    throw WriteError(fmt::format("pdf: {} {} ({}): {}", *browser, status < 0 ? "timed out" : "failed", status, tail_of(log)));
  std::error_code ec;
  fs::copy_file(pdf, out, fs::copy_options::overwrite_existing, ec);
  if (ec) throw WriteError("cannot write " + out.string() + ": " + ec.message());
}

}  // namespace

const Writer kPdfWriter = {"pdf", ".pdf", "the HTML report printed to PDF by headless Chromium", write_pdf};

}  // namespace camaudit::report
