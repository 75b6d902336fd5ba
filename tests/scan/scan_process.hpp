// SPDX-License-Identifier: Apache-2.0
// A `camaudit scan` run as a child process the test controls: started with its output
// in a file, signalled at a chosen moment (SIGINT, SIGTERM, SIGKILL), waited for with a
// bound (killed and reported if it overruns), always reaped. Plus the checks every
// interruption test makes on the files it leaves: whole lines only, devices by address.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace scan_testing {

class ScanProcess {
 public:
  // Runs `args` (args[0] an absolute path) with stdout and stderr into `log`.
  ScanProcess(std::vector<std::string> args, const std::string& log) {
    m_started = std::chrono::steady_clock::now();
    m_pid = ::fork();
    if (m_pid == 0) {
      FILE* out = std::fopen(log.c_str(), "w");
      if (out) {
        ::dup2(::fileno(out), 1);
        ::dup2(::fileno(out), 2);
      }
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  ~ScanProcess() {
    if (m_pid > 0 && !m_reaped) {
      ::kill(m_pid, SIGKILL);
      ::waitpid(m_pid, nullptr, 0);
    }
  }
  ScanProcess(const ScanProcess&) = delete;
  ScanProcess& operator=(const ScanProcess&) = delete;

  void signal(int number) {
    if (!m_reaped) ::kill(m_pid, number);
  }
  // The exit status (128 + signal when killed), or -1 when it outlived `bound` (then it is killed).
  int wait(std::chrono::duration<double> bound) {
    auto until = std::chrono::steady_clock::now() + bound;
    int status = 0;
    while (std::chrono::steady_clock::now() < until) {
      pid_t r = ::waitpid(m_pid, &status, WNOHANG);
      if (r == m_pid) {
        m_reaped = true;
        m_ended = std::chrono::steady_clock::now();
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
    m_reaped = true;
    return -1;
  }
  std::chrono::duration<double> ran_for() const { return m_ended - m_started; }
  // True while the process exists (a zombie not reaped counts as gone).
  bool alive() const { return !m_reaped && ::kill(m_pid, 0) == 0; }

 private:
  pid_t m_pid = -1;
  bool m_reaped = false;
  std::chrono::steady_clock::time_point m_started, m_ended;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every line of a JSON Lines file is whole (ends in a newline and parses); returns the
// objects. `torn` says whether some were not.
inline std::vector<nlohmann::json> whole_lines(const std::string& path, bool& torn) {
  std::string all = slurp(path);
  torn = !all.empty() && all.back() != '\n';
  std::vector<nlohmann::json> out;
  std::istringstream in(all);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    try {
      out.push_back(nlohmann::json::parse(line));
    } catch (const std::exception&) {
      torn = true;
    }
  }
  return out;
}

// ip -> device; duplicates counted.
inline std::map<std::string, nlohmann::json> by_ip(const std::vector<nlohmann::json>& devices, std::size_t& duplicates) {
  std::map<std::string, nlohmann::json> out;
  duplicates = 0;
  for (const nlohmann::json& d : devices)
    if (!out.emplace(d.value("ip", ""), d).second) ++duplicates;
  return out;
}

// Lines of a text file.
inline std::size_t line_count(const std::string& path) {
  std::string all = slurp(path);
  std::size_t n = 0;
  for (char c : all) n += c == '\n';
  return n;
}

}  // namespace scan_testing
