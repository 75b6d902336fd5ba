// SPDX-License-Identifier: Apache-2.0
// The store's costs, each against a baseline measured in the same run:
//   write       N devices (with observations) into a SQLite store in batches of 64 hosts
//               vs the same devices as JSON Lines (what `-o devices.jsonl` writes)
//   diff        two synthetic 100,000-device audits (moved, upgraded, gone, new): the
//               pure diff, and the command's path (load both audits from the store + diff)
//   reidentify  the observations of samples/scan-full-mix.jsonl (repeated to N with fresh
//               addresses) from the store with 2 workers, into a new audit, vs
//               `camaudit identify`'s path (JSON Lines file -> one Identifier -> JSON Lines)
// Wall seconds and process CPU seconds (per-core figures on a shared machine).
// Usage: store_bench [DEVICES=20000] [DIFF_DEVICES=100000] [OBSERVATIONS=200000]
#include <camaudit/diff/diff.hpp>
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/identify/observation_reader.hpp>
#include <camaudit/pipeline/reidentify.hpp>
#include <camaudit/source_paths.hpp>
#include <camaudit/store/testing/records.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>

using namespace camaudit;
namespace fs = std::filesystem;

namespace {

struct Timer {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  double cpu0 = cpu();
  static double cpu() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count(); }
  double cpu_seconds() const { return cpu() - cpu0; }
};

fs::path scratch(const std::string& name) {
  fs::path p = fs::temp_directory_path() / fmt::format("camaudit-store-bench-{}-{}", ::getpid(), name);
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

void bench_write(std::size_t n) {
  std::vector<DeviceRecord> devices;
  for (std::size_t i = 0; i < n; ++i) devices.push_back(store::testing::sample_device(i));
  fs::path dir = scratch("write");
  Timer jsonl;
  {
    std::FILE* out = std::fopen((dir / "devices.jsonl").c_str(), "wb");
    for (const DeviceRecord& d : devices) {
      std::string line = to_json(d).dump() + "\n";
      std::fwrite(line.data(), 1, line.size(), out);
    }
    std::fflush(out);
    ::fsync(::fileno(out));  // the store's commits are durable; make the baseline so too
    std::fclose(out);
  }
  double t_jsonl = jsonl.seconds();
  auto s = store::Store::open((dir / "inventory.db").string());
  AuditId id = s->begin_audit(store::testing::sample_audit());
  Timer stored;
  for (std::size_t i = 0; i < n; i += 64) s->write(id, {}, std::span(devices).subspan(i, std::min<std::size_t>(64, n - i)));
  double t_store = stored.seconds();
  fmt::print("write {} devices: JSON Lines {:.3f} s ({:.0f}/s), store {:.3f} s ({:.0f}/s): store/jsonl {:.2f}x\n", n,
             t_jsonl, n / t_jsonl, t_store, n / t_store, t_store / t_jsonl);
  fs::remove_all(dir);
}

// A: n devices. B: 3% moved address, 5% new firmware, 2% gone, 2% new.
std::pair<std::vector<DeviceRecord>, std::vector<DeviceRecord>> estates(std::size_t n) {
  std::vector<DeviceRecord> a, b;
  for (std::size_t i = 0; i < n; ++i) a.push_back(store::testing::sample_device(i));
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 50 == 7) continue;
    DeviceRecord d = a[i];
    if (i % 33 == 1) d.ip = d.key = store::testing::ip_of(n + i);
    if (i % 20 == 2) d.firmware = "V5.7.3 build 230101", d.findings.erase(d.findings.begin());
    b.push_back(std::move(d));
  }
  for (std::size_t i = 0; i < n / 50; ++i) b.push_back(store::testing::sample_device(3 * n + i));
  return {std::move(a), std::move(b)};
}

void bench_diff(std::size_t n) {
  auto [a, b] = estates(n);
  Timer pure;
  diff::AuditDiff d = diff::diff_audits(a, b);
  double t_pure = pure.seconds();
  fs::path dir = scratch("diff");
  auto s = store::Store::open((dir / "inventory.db").string());
  AuditId ia = s->begin_audit(store::testing::sample_audit()), ib = s->begin_audit(store::testing::sample_audit());
  for (std::size_t i = 0; i < a.size(); i += 512) s->write(ia, {}, std::span(a).subspan(i, std::min<std::size_t>(512, a.size() - i)));
  for (std::size_t i = 0; i < b.size(); i += 512) s->write(ib, {}, std::span(b).subspan(i, std::min<std::size_t>(512, b.size() - i)));
  // What `camaudit diff` does: brief records (no evidence parsed), then the diff.
  Timer full;
  std::vector<DeviceRecord> la, lb;
  s->for_each_device_brief(ia, [&](DeviceRecord&& x) { la.push_back(std::move(x)); });
  s->for_each_device_brief(ib, [&](DeviceRecord&& x) { lb.push_back(std::move(x)); });
  double t_load = full.seconds();
  diff::AuditDiff d2 = diff::diff_audits(la, lb);
  double t_full = full.seconds();
  // The full records, for comparison (what the command read before).
  Timer records;
  std::size_t n_full = 0;
  s->for_each_device(ia, [&](DeviceRecord&&) { ++n_full; });
  s->for_each_device(ib, [&](DeviceRecord&&) { ++n_full; });
  double t_records = records.seconds();
  fmt::print("diff {} vs {} devices: {} new, {} gone, {} changed; diff alone {:.3f} s, camaudit diff's path (brief "
             "load from store + diff) {:.3f} s (load {:.3f} s; target < 2 s): / diff alone {:.1f}x; loading the full "
             "records instead {:.3f} s ({:.1f}x the brief load)\n",
             a.size(), b.size(), d.added.size(), d.gone.size(), d.changes.size(), t_pure, t_full, t_load, t_full / t_pure,
             t_records, t_records / t_load);
  if (d2.changes.size() != d.changes.size() || d2.added.size() != d.added.size() || d2.gone.size() != d.gone.size())
    fmt::print("  MISMATCH between the in-memory and stored diff\n");
  (void)n_full;
  fs::remove_all(dir);
}

std::vector<Observation> observations(std::size_t n) {
  std::vector<Observation> sample, out;
  std::ifstream in(CAMAUDIT_SOURCE_KB_DIR "/../samples/scan-full-mix.jsonl");
  std::size_t line_no = 0;
  for (std::string line; std::getline(in, line);) {
    Observation o;
    std::string error;
    if (identify::parse_observation_line(line, ++line_no, o, error)) sample.push_back(std::move(o));
  }
  // A fresh (valid) address per device and round: "ip~round" would be rejected as an ip.
  std::map<std::pair<std::string, std::size_t>, std::string> fresh;
  for (std::size_t round = 0; out.size() < n; ++round)
    for (const Observation& o : sample) {
      if (out.size() == n) break;
      Observation copy = o;
      auto [it, added] = fresh.try_emplace({o.ip, round}, "");
      if (added) it->second = store::testing::ip_of(fresh.size());
      copy.ip = copy.device = it->second;
      copy.index = out.size();
      out.push_back(std::move(copy));
    }
  return out;
}

void bench_reidentify(std::size_t n) {
  std::vector<kb::Problem> problems;
  auto kb = kb::KnowledgeBase::load(CAMAUDIT_SOURCE_KB_DIR, problems);
  std::vector<Observation> obs = observations(n);
  fs::path dir = scratch("reid");
  {
    std::ofstream out(dir / "obs.jsonl", std::ios::binary);
    for (const Observation& o : obs) out << identify::observation_to_json_line(o) << "\n";
  }
  // Baseline: `camaudit identify obs.jsonl -o devices.jsonl`, one core.
  Timer base;
  std::size_t devices = 0;
  {
    std::FILE* in = std::fopen((dir / "obs.jsonl").c_str(), "rb");
    std::FILE* out = std::fopen((dir / "devices.jsonl").c_str(), "wb");
    identify::Identifier identifier(*kb);
    identify::ObservationReader reader(in);
    reader.read([&](Observation&& o) { identifier.add(o); }, [](const identify::ReadError&) {});
    for (const identify::Device& d : identifier.finish()) {
      std::string line = identify::device_to_json_line(d) + "\n";
      std::fwrite(line.data(), 1, line.size(), out);
      ++devices;
    }
    std::fclose(in);
    std::fclose(out);
  }
  double t_base = base.seconds(), c_base = base.cpu_seconds();
  auto s = store::Store::open((dir / "inventory.db").string());
  AuditId id = s->begin_audit(store::testing::sample_audit());
  for (std::size_t i = 0; i < obs.size(); i += 4096) s->write(id, std::span(obs).subspan(i, std::min<std::size_t>(4096, obs.size() - i)), {});
  Timer reid;
  pipeline::Reidentified r = pipeline::reidentify(*s, id, store::testing::sample_audit(), *kb, 2);
  double t_reid = reid.seconds(), c_reid = reid.cpu_seconds();
  fmt::print("reidentify {} observations ({} devices): identify (JSONL, 1 thread) {:.2f} s wall {:.2f} s CPU = {:.0f} obs/CPU-s; "
             "reidentify (store, 2 workers, writes a new audit) {:.2f} s wall {:.2f} s CPU = {:.0f} obs/CPU-s; "
             "wall speed-up {:.2f}x, per-core ratio {:.2f}x, CPU/wall {:.2f} cores\n",
             n, devices, t_base, c_base, n / c_base, t_reid, c_reid, n / c_reid, t_base / t_reid, c_base / c_reid,
             c_reid / t_reid);
  if (r.after.size() != devices || devices == 0) fmt::print("  MISMATCH: {} devices from the store\n", r.after.size());
  fs::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n_write = argc > 1 ? std::stoul(argv[1]) : 20000;
  std::size_t n_diff = argc > 2 ? std::stoul(argv[2]) : 100000;
  std::size_t n_obs = argc > 3 ? std::stoul(argv[3]) : 200000;
  bench_write(n_write);
  bench_diff(n_diff);
  bench_reidentify(n_obs);
}
