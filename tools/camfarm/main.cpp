// SPDX-License-Identifier: Apache-2.0
// camfarm: serves an emulated camera estate on loopback addresses (see README.md).
//   camfarm --estate estates/demo.toml --ground-truth truth.jsonl --request-log requests.jsonl
//   camfarm check-log requests.jsonl
//   camfarm check-profiles tools/camfarm/profiles
#include <signal.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <fstream>
#include <iostream>

#include "estate.hpp"
#include "profile.hpp"
#include "request_log.hpp"
#include "server.hpp"

namespace {

int fail(const std::string& message) {
  std::cerr << "camfarm: " << message << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"camfarm: an emulated CCTV estate on loopback addresses"};
  std::string estate_file;
  std::string range;
  double live = -1;
  std::int64_t seed = -1;
  std::vector<std::string> mix;
  std::string profiles_dir = CAMFARM_PROFILES_DIR;
  std::string truth_file;
  std::string log_file;
  std::string username;
  std::string password;
  unsigned threads = 0;
  int hostile_timeout = -1;
  double idle_timeout = -1;
  double later = 0;
  double duration = 0;
  bool multicast = false;
  app.add_option("--estate", estate_file, "estate spec TOML (range, live_fraction, seed, [mix], [credentials])");
  app.add_option("--range", range, "CIDR inside 127.0.0.0/8 (overrides the spec)");
  app.add_option("--live", live, "fraction of addresses that are live devices, 0..1");
  app.add_option("--seed", seed, "seed: the same seed gives the same estate");
  app.add_option("--later", later,
                 "the same estate one audit later: this fraction of addresses changed (half of those devices gone, "
                 "half re-flashed with other model/firmware variants; new devices on free addresses)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--mix", mix, "profile=weight (repeatable; overrides the spec's [mix])");
  app.add_option("--profiles", profiles_dir, "folder of profile TOML files");
  app.add_option("--ground-truth", truth_file, "write the ground truth here (JSON Lines)");
  app.add_option("--request-log", log_file, "log every request here (JSON Lines)");
  app.add_option("--username", username, "credentials that unlock authenticated endpoints");
  app.add_option("--password", password, "password for --username");
  app.add_option("--threads", threads, "io threads (default: one per core)");
  app.add_option("--hostile-timeout", hostile_timeout, "seconds before hostile behaviours end the connection");
  app.add_option("--idle-timeout", idle_timeout, "seconds an idle connection stays open before the device closes it (default 15)")
      ->check(CLI::Range(0.05, 3600.0));
  app.add_flag("--multicast", multicast,
               "inside a private network namespace: also answer multicast/broadcast discovery (SADP, WS-Discovery, SSDP, DHIP, Dahua 5050)");
  app.add_option("--duration", duration, "exit after this many seconds (default: until SIGINT/SIGTERM)");

  auto* check_log_cmd = app.add_subcommand("check-log", "flag forbidden requests in a request log");
  std::string check_file;
  check_log_cmd->add_option("file", check_file, "request log (JSON Lines)")->required();
  auto* check_profiles_cmd = app.add_subcommand("check-profiles", "load and validate every profile");
  std::string check_dir;
  check_profiles_cmd->add_option("dir", check_dir, "profile folder")->required();
  CLI11_PARSE(app, argc, argv);

  if (check_log_cmd->parsed()) {
    std::string error;
    auto violations = camfarm::check_log(check_file, &error);
    if (!violations) return fail(error);
    for (const auto& v : *violations) {
      std::cout << check_file << ":" << v.line << ": FORBIDDEN " << v.reason << " [" << v.summary << "]\n";
    }
    std::cout << violations->size() << " forbidden request(s)\n";
    return violations->empty() ? 0 : 1;
  }
  if (check_profiles_cmd->parsed()) {
    std::string error;
    auto profiles = camfarm::load_profiles(check_dir, &error);
    if (!profiles) return fail(error);
    std::cout << profiles->size() << " profile(s) OK\n";
    return 0;
  }

  auto start = std::chrono::steady_clock::now();
  camfarm::EstateSpec spec;
  std::string error;
  if (!estate_file.empty()) {
    auto loaded = camfarm::load_estate_spec(estate_file, &error);
    if (!loaded) return fail(error);
    spec = std::move(*loaded);
  }
  if (!range.empty()) spec.range = range;
  if (live >= 0) {
    if (live > 1) return fail("--live must be in [0, 1]");
    spec.live_fraction = live;
  }
  if (seed >= 0) spec.seed = static_cast<std::uint64_t>(seed);
  if (hostile_timeout > 0) spec.hostile_timeout_seconds = hostile_timeout;
  if (idle_timeout > 0) spec.idle_timeout_seconds = idle_timeout;
  spec.later = later;
  if (!mix.empty()) {
    spec.mix.clear();
    for (const auto& item : mix) {
      auto eq = item.find('=');
      try {
        spec.mix.emplace_back(item.substr(0, eq), eq == std::string::npos ? 1.0 : std::stod(item.substr(eq + 1)));
      } catch (const std::exception&) {
        return fail("bad --mix '" + item + "' (want profile=weight)");
      }
    }
  }
  if (multicast) spec.multicast = true;
  if (!username.empty()) spec.credentials = camfarm::Credentials{username, password};

  auto profiles = camfarm::load_profiles(profiles_dir, &error);
  if (!profiles) return fail(error);
  auto devices = camfarm::build_estate(spec, *profiles, &error);
  if (!devices) return fail(error);

  if (!truth_file.empty()) {
    std::ofstream out(truth_file, std::ios::trunc);
    if (!out) return fail("cannot write " + truth_file);
    for (const auto& device : *devices) {
      out << camfarm::ground_truth(device).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
  }
  camfarm::RequestLog log;
  if (!log_file.empty() && !log.open(log_file, &error)) return fail(error);

  // Block the stop signals in every thread; the main thread waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::size_t device_count = devices->size();
  camfarm::Farm farm(std::move(*devices), spec, log_file.empty() ? nullptr : &log);
  if (auto bind_error = farm.bind(threads)) return fail(*bind_error);
  farm.start();
  auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << "camfarm: " << device_count << " devices, " << farm.stats().tcp_listeners << " TCP listeners, "
            << farm.stats().udp_sockets << " UDP sockets on " << spec.range << " (fd limit "
            << farm.stats().fd_limit << "), started in " << static_cast<int>(elapsed * 1000) << " ms\n";
  std::cout << "ready" << std::endl;

  if (duration > 0) {
    timespec wait{};
    wait.tv_sec = static_cast<time_t>(duration);
    wait.tv_nsec = static_cast<long>((duration - static_cast<double>(wait.tv_sec)) * 1e9);
    sigtimedwait(&signals, nullptr, &wait);
  } else {
    int received = 0;
    sigwait(&signals, &received);
  }
  farm.stop();
  return 0;
}
