// SPDX-License-Identifier: Apache-2.0
// Identification throughput, measured against a baseline in the same run.
//
// Builds N observations by cycling through a sample of real device responses
// (samples/corpus.jsonl) with a fresh loopback address per device, then times:
//   parse       protocol parsers alone (bytes -> fields)
//   hyperscan   parse + match (one Hyperscan pass per field, PCRE2 on candidates) + resolve
//   one-by-one  the same, trying every rule's regex in turn (the baseline)
//   end-to-end  JSON Lines file -> reader -> identification -> JSON Lines devices
// and reports observations/s and the ratios. Single-threaded: figures are per core,
// timed in thread CPU seconds.
#include <camaudit/source_paths.hpp>
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/identify/observation_reader.hpp>
#include <camaudit/protocol/protocol.hpp>
#include <camaudit/util/codec.hpp>

#include <fmt/format.h>

#include <ctime>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <tuple>

using namespace camaudit;
namespace {

// CPU time of this thread, not wall time: the figure is "per core", and on a shared
// machine another process's load then slows the run down without skewing it.
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
};

double seconds_since(double start) { return Clock::now() - start; }

std::vector<Observation> load_sample(const std::string& path) {
  std::vector<Observation> sample;
  std::ifstream in(path);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    Observation obs;
    std::string error;
    if (identify::parse_observation_line(line, ++n, obs, error)) sample.push_back(std::move(obs));
  }
  return sample;
}

// N observations; every sample device becomes many devices with distinct addresses.
std::vector<Observation> generate(const std::vector<Observation>& sample, std::size_t n) {
  std::vector<Observation> out;
  out.reserve(n);
  std::size_t round = 0;
  while (out.size() < n) {
    for (const Observation& s : sample) {
      if (out.size() == n) break;
      Observation o = s;
      o.index = out.size();
      std::size_t id = round * 4096 + std::hash<std::string>{}(s.device) % 4096;
      o.ip = fmt::format("127.{}.{}.{}", 1 + (id >> 16) % 250, (id >> 8) & 255, id & 255);
      o.device = o.ip;
      out.push_back(std::move(o));
    }
    ++round;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = argc > 1 ? std::stoul(argv[1]) : 200'000;
  std::string sample_path = argc > 2 ? argv[2] : "samples/corpus.jsonl";
  std::string kb_dir = argc > 3 ? argv[3] : CAMAUDIT_SOURCE_KB_DIR;

  std::vector<kb::Problem> problems;
  auto kb = kb::KnowledgeBase::load(kb_dir, problems);
  if (!problems.empty()) {
    std::cerr << "identify_bench: the knowledge base has problems; run camaudit kb check\n";
    return 2;
  }
  auto sample = load_sample(sample_path);
  if (sample.empty()) {
    std::cerr << "identify_bench: no observations in " << sample_path << "\n";
    return 2;
  }
  auto observations = generate(sample, n);
  std::size_t bytes = 0;
  for (const auto& o : observations) bytes += o.payload.size();
  std::cout << fmt::format("{} observations ({} distinct real responses, {:.1f} MB of payload), {} rules\n", n,
                           sample.size(), bytes / 1e6, kb->rules().size());

  // parse only
  auto start = Clock::now();
  std::size_t fields = 0;
  for (const auto& o : observations)
    if (const auto* p = protocol::find_parser(o.protocol)) fields += p->parse(o).fields.size();
  double parse_s = seconds_since(start);

  // Per protocol, to find the slow parser when the total moves.
  std::map<std::string, std::pair<double, std::size_t>> per_protocol;
  for (const auto& o : observations) {
    const auto* p = protocol::find_parser(o.protocol);
    if (p == nullptr) continue;
    auto t = Clock::now();
    auto r = p->parse(o);
    auto& slot = per_protocol[o.protocol];
    slot.first += seconds_since(t);
    slot.second++;
  }

  // Stage breakdown of the Hyperscan path: parse + match into claims, then per-device filing.
  double claims_s, add_s;
  {
    identify::Identifier identifier(*kb);
    std::vector<Claim> claims;
    auto t = Clock::now();
    for (const auto& o : observations) {
      claims.clear();
      (void)identifier.claims_for(o, claims);
    }
    claims_s = seconds_since(t);
    t = Clock::now();
    for (const auto& o : observations) identifier.add(o);
    add_s = seconds_since(t);
  }
  auto run = [&](identify::MatchStrategy strategy, std::size_t count) {
    identify::Identifier identifier(*kb, strategy);
    auto t = Clock::now();
    for (std::size_t i = 0; i < count; ++i) identifier.add(observations[i]);
    auto devices = identifier.finish();
    return std::pair{seconds_since(t), devices.size()};
  };
  // Alternate the two strategies twice and keep each one's best time, so neither
  // profits from running second on a warmed-up heap.
  const std::size_t baseline_n = n;
  double hs_s = 1e300, base_s = 1e300;
  std::size_t devices = 0;
  for (int round = 0; round < 2; ++round) {
    auto [h, d] = run(identify::MatchStrategy::hyperscan, n);
    auto [b, base_devices] = run(identify::MatchStrategy::one_by_one, baseline_n);
    hs_s = std::min(hs_s, h);
    base_s = std::min(base_s, b);
    devices = d;
    if (base_devices != devices) std::cout << "WARNING: the strategies found different device counts\n";
  }

  // end to end through the JSON Lines reader and writer
  char path[] = "/tmp/camaudit-bench-XXXXXX";
  int fd = mkstemp(path);
  {
    std::FILE* f = fdopen(fd, "wb");
    for (const auto& o : observations) {
      std::string line = fmt::format(R"({{"ip":"{}","port":{},"transport":"{}","protocol":"{}","path":"{}","data_b64":"{}"}})",
                                     o.ip, o.port, o.transport, o.protocol, o.path, util::base64_encode(o.payload));
      line.push_back('\n');
      std::fwrite(line.data(), 1, line.size(), f);
    }
    std::fclose(f);
  }
  start = Clock::now();
  std::FILE* in = std::fopen(path, "rb");
  identify::ObservationReader reader(in);
  identify::Identifier identifier(*kb);
  reader.read([&](Observation&& o) { identifier.add(o); }, [](const identify::ReadError&) {});
  std::size_t out_bytes = 0;
  for (const auto& d : identifier.finish()) out_bytes += identify::device_to_json_line(d).size();
  double e2e_s = seconds_since(start);
  std::fclose(in);
  std::remove(path);

  // The matcher alone, on every field the sample yields: one Hyperscan pass per value
  // against trying each of the key's rules in turn. Fields are repeated to N values.
  std::vector<Field> sample_fields;
  for (const auto& o : sample)
    if (const auto* p = protocol::find_parser(o.protocol))
      for (auto& f : p->parse(o).fields) sample_fields.push_back(std::move(f));
  std::map<std::string, std::size_t> rules_per_key;
  for (const auto& r : kb->rules()) rules_per_key[r.key]++;
  std::vector<Field> big_key_fields;
  for (const Field& f : sample_fields)
    if (auto it = rules_per_key.find(f.key); it != rules_per_key.end() && it->second >= 20) big_key_fields.push_back(f);
  auto time_matching = [&](bool big_keys_only, bool hyperscan) {
    const std::vector<Field>& chosen = big_keys_only ? big_key_fields : sample_fields;
    std::size_t matched = 0, values = 0;
    std::vector<kb::RuleMatch> matches;
    auto t = Clock::now();
    while (values < n && !chosen.empty()) {
      for (const Field& f : chosen) {
        matches.clear();
        if (hyperscan) kb->match(f.key, f.value, matches);
        else kb->match_one_by_one(f.key, f.value, matches);
        matched += matches.size();
      }
      values += chosen.size();
    }
    return std::tuple{seconds_since(t), values, matched};
  };
  auto [m_hs_s, m_values, m_hits] = time_matching(false, true);
  auto [m_base_s, m_base_values, m_base_hits] = time_matching(false, false);
  auto [b_hs_s, b_values, b_hits] = time_matching(true, true);
  auto [b_base_s, b_base_values, b_base_hits] = time_matching(true, false);
  if (m_hits * m_base_values != m_base_hits * m_values || b_hits * b_base_values != b_base_hits * b_values)
    std::cout << "WARNING: Hyperscan and one-by-one matching disagree\n";

  double hs_rate = n / hs_s, base_rate = baseline_n / base_s;
  std::cout << fmt::format("{:<38} {:>12} {:>14}\n", "stage", "seconds", "observations/s");
  std::cout << fmt::format("{:<38} {:>12.3f} {:>14.0f}\n", "parse only", parse_s, n / parse_s);
  std::cout << fmt::format("{:<38} {:>12.3f} {:>14.0f}\n", "parse + match into claims", claims_s, n / claims_s);
  std::cout << fmt::format("{:<38} {:>12.3f} {:>14.0f}\n", "... and filed per device (no resolve)", add_s, n / add_s);
  std::cout << fmt::format("{:<38} {:>12.3f} {:>14.0f}\n", "identify, Hyperscan + PCRE2", hs_s, hs_rate);
  std::cout << fmt::format("{:<38} {:>12.3f} {:>14.0f}   (on {} observations)\n", "identify, one regex at a time (baseline)",
                           base_s, base_rate, baseline_n);
  std::cout << fmt::format("{:<38} {:>12.3f} {:>14.0f}\n", "end to end (JSONL in -> JSONL out)", e2e_s, n / e2e_s);
  std::cout << fmt::format("{:<38} {:>12.3f} {:>14.0f}   values/s\n", "match all fields, Hyperscan + PCRE2", m_hs_s, m_values / m_hs_s);
  std::cout << fmt::format("{:<38} {:>12.3f} {:>14.0f}   values/s\n", "match all fields, one by one", m_base_s, m_base_values / m_base_s);
  std::cout << fmt::format("{:<38} {:>12.3f} {:>14.0f}   values/s\n", "match keys with >=20 rules, Hyperscan", b_hs_s, b_values / b_hs_s);
  std::cout << fmt::format("{:<38} {:>12.3f} {:>14.0f}   values/s\n", "match keys with >=20 rules, one by one", b_base_s, b_base_values / b_base_s);
  std::cout << fmt::format("matcher speed-up: {:.1f}x on all fields, {:.1f}x on keys with >=20 rules\n",
                           (m_values / m_hs_s) / (m_base_values / m_base_s), (b_values / b_hs_s) / (b_base_values / b_base_s));
  std::cout << "parse time per protocol (microseconds per observation):";
  for (const auto& [name, t] : per_protocol) std::cout << fmt::format(" {} {:.1f}", name, 1e6 * t.first / t.second);
  std::cout << "\n";
  std::cout << fmt::format("speed-up over baseline: {:.1f}x; {} fields, {} devices, {:.1f} MB of device JSON\n",
                           hs_rate / base_rate, fields, devices, out_bytes / 1e6);
  return 0;
}
