// SPDX-License-Identifier: Apache-2.0
// `camaudit kb check`: verify the knowledge base (exit 1 on any problem).
// `camaudit kb stats`: coverage per vendor and per protocol.
// `camaudit kb import-kev FILE`: refresh kb/vulns/kev.json from CISA's catalogue, offline.
#include <camaudit/app/commands.hpp>
#include <camaudit/assess/kev.hpp>
#include <camaudit/assess/vulns.hpp>
#include <camaudit/assess/assessor.hpp>
#include <camaudit/kb/check.hpp>

#include <fmt/format.h>

#include <fstream>
#include <algorithm>
#include <iostream>
#include <map>
#include <set>

namespace camaudit::app {

namespace {

struct KbCommandOptions {
  KbOptions kb;
  bool check = false;
  bool stats = false;
  std::string kev_file;  // import-kev FILE
};

// What `kb check` runs and `kb stats` reports, counted one way: a rule's examples (values
// it must match) and counterexamples (values it must not) separately.
struct ExampleCount {
  std::size_t examples = 0, counterexamples = 0;
  explicit ExampleCount(const kb::KnowledgeBase& kb) {
    for (const kb::Rule& r : kb.rules()) {
      examples += r.examples.size();
      counterexamples += r.counterexamples.size();
    }
  }
};

int run_check(const KbOptions& options) {
  if (!options.directory_exists_or_report()) return 2;
  std::vector<kb::Problem> problems;
  const std::string dir = options.resolved_dir();
  auto kb = kb::KnowledgeBase::load(dir, problems, options.ieee_dir);
  auto more = kb::check(*kb);
  // kb/policy, vulns, capabilities, rights, exposure (and their examples)
  const std::string assessment = assess::check_assessment_data(dir, *kb, more);
  problems.insert(problems.end(), more.begin(), more.end());
  for (const auto& p : problems) std::cout << where_under(p.where, dir) << ": " << p.message << "\n";
  const ExampleCount count(*kb);
  std::cout << fmt::format("kb check: {} files, {} rules, {} examples and {} counterexamples, {} vendors, {} OEM relations: {}\n",
                           kb->files().size(), kb->rules().size(), count.examples, count.counterexamples,
                           kb->vendors().size(), kb->oem().size(),
                           problems.empty() ? "OK" : fmt::format("{} problem(s)", problems.size()));
  std::cout << "kb check: assessment data: " << assessment << "\n";
  return problems.empty() ? 0 : 1;
}

// Coverage against nmap-service-probes and Recog: scripts/kb_coverage.py reads both sources
// (nmap from the Debian package, Recog from kb/coverage/recog_families.jsonl) and writes the
// summary this prints; the script, not the C++ side, knows nmap's pattern dialect.
void print_coverage(const std::string& dir) {
  std::ifstream in(dir + "/coverage/summary.txt");
  if (!in) {
    std::cout << "coverage: no " << dir << "/coverage/summary.txt (scripts/kb_coverage.py --summary writes it)\n";
    return;
  }
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line.front() != '#') std::cout << "coverage: " << line << "\n";
}

// A table whose first column is as wide as its longest entry (field keys grow), then
// right-aligned counts, then optionally one free-text column.
void print_table(const std::vector<std::vector<std::string>>& rows, bool last_is_text, std::ostream& out) {
  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row[0].size());
  for (const auto& row : rows) {
    std::string line = fmt::format("{:<{}}", row[0], width);
    const std::size_t counts = last_is_text ? row.size() - 1 : row.size();
    for (std::size_t i = 1; i < counts; ++i) line += fmt::format(" {:>9}", row[i]);
    if (last_is_text) line += "  " + row.back();
    out << line << "\n";
  }
}

int run_stats(const KbOptions& options) {
  auto kb = options.load_or_report();
  if (!kb) return 2;
  struct VendorStats {
    std::size_t rules = 0, examples = 0, oui = 0;
    std::set<std::string> protocols;
  };
  std::map<std::string, VendorStats> vendors;
  std::map<std::string, std::pair<std::size_t, std::size_t>> keys;  // key -> rules, examples
  std::size_t synthetic = 0;
  for (const kb::Rule& r : kb->rules()) {
    for (const kb::Example& e : r.examples) synthetic += e.grade == kb::Grade::synthetic;
    const std::string protocol = r.key.substr(0, r.key.find('.'));
    keys[r.key].first++;
    keys[r.key].second += r.examples.size();
    std::set<std::string> named;
    for (const kb::ClaimTemplate& c : r.claims)
      if ((c.attribute == Attribute::manufacturer || c.attribute == Attribute::brand) && !c.interpolated())
        named.insert(c.value);
    for (const std::string& v : named) {
      vendors[v].rules++;
      vendors[v].examples += r.examples.size();
      vendors[v].protocols.insert(protocol);
    }
  }
  std::vector<std::vector<std::string>> vendor_rows = {{"vendor", "rules", "examples", "protocols"}};
  for (const auto& [name, s] : vendors) {
    std::string protocols;
    for (const std::string& p : s.protocols) protocols += (protocols.empty() ? "" : ",") + p;
    vendor_rows.push_back({name, std::to_string(s.rules), std::to_string(s.examples), protocols});
  }
  print_table(vendor_rows, true, std::cout);
  std::vector<std::vector<std::string>> key_rows = {{"field key", "rules", "examples"}};
  for (const auto& [key, n] : keys) key_rows.push_back({key, std::to_string(n.first), std::to_string(n.second)});
  std::cout << "\n";
  print_table(key_rows, false, std::cout);
  std::cout << fmt::format("\n{} vendors, {} rules in {} files, {} OEM relations, {} MAC prefixes loaded\n",
                           kb->vendors().size(), kb->rules().size(), kb->files().size(), kb->oem().size(),
                           kb->oui().size());
  for (const std::string& note : kb->matcher_notes()) std::cout << "matcher: " << note << "\n";
  const ExampleCount count(*kb);
  std::cout << fmt::format("{} examples ({} of them synthetic: grade = \"synthetic\", made to the documented format, "
                           "not seen) and {} counterexamples, as `kb check` runs them\n",
                           count.examples, synthetic, count.counterexamples);
  std::cout << "knowledge base digest: " << kb->digest() << "\n";
  print_coverage(options.resolved_dir());
  return 0;
}

// Reads a downloaded known_exploited_vulnerabilities.json, keeps the entries of vendors
// the knowledge base knows, and replaces kb/vulns/kev.json whole (temp file + rename): a
// malformed file changes nothing.
int run_import_kev(const KbOptions& options, const std::string& file) {
  auto kb = options.load_or_report();
  if (!kb) return 2;
  const std::filesystem::path target = std::filesystem::path(options.resolved_dir()) / "vulns" / "kev.json";
  try {
    assess::KevCatalogue full = assess::read_kev(file);
    assess::KevCatalogue subset =
        assess::kev_subset(full, [&](std::string_view vendor) { return kb->find_vendor(vendor) != nullptr; });
    subset.title = full.title + " - camaudit subset: vendors in kb/vendors.toml";
    std::string before = "none";
    try {
      auto old = assess::read_kev(target);
      before = fmt::format("catalogue {}, {} entries", old.version, old.entries.size());
    } catch (const assess::KevError&) {
    }
    assess::write_kev(target, subset);
    std::cout << fmt::format("kb import-kev: catalogue {} ({}): {} of {} entries are for vendors in the knowledge base; "
                             "wrote {} (was: {})\n",
                             subset.version, subset.released, subset.entries.size(), full.entries.size(), target.string(),
                             before);
    return 0;
  } catch (const assess::KevError& e) {
    std::cerr << "kb import-kev: " << e.what() << "; nothing changed\n";
    return 1;
  }
}

}  // namespace

Run add_kb(CLI::App& app) {
  auto options = std::make_shared<KbCommandOptions>();
  CLI::App* cmd = app.add_subcommand("kb", "check or describe the knowledge base");
  cmd->require_subcommand(1);
  CLI::App* check = cmd->add_subcommand("check", "verify every rule, example, vendor and relation (exit 1 on problems)");
  CLI::App* stats = cmd->add_subcommand("stats", "coverage per vendor and per field key");
  CLI::App* import_kev = cmd->add_subcommand(
      "import-kev", "refresh kb/vulns/kev.json from CISA's known_exploited_vulnerabilities.json (offline; vendors in the KB only)");
  import_kev->add_option("FILE", options->kev_file, "the downloaded catalogue (CISA's JSON format)")->required();
  options->kb.add_to(*check);
  options->kb.add_to(*stats);
  options->kb.add_to(*import_kev);
  return [options, check, import_kev] {
    if (import_kev->parsed()) return run_import_kev(options->kb, options->kev_file);
    return check->parsed() ? run_check(options->kb) : run_stats(options->kb);
  };
}

}  // namespace camaudit::app
