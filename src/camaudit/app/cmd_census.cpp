// SPDX-License-Identifier: Apache-2.0
// `camaudit census SUBMISSIONS... [--frame FRAME.csv] -o census.html|json|csv`: sector
// statistics from many organisations' submissions (census/census.hpp).
// `camaudit census validate FILE...`: every problem of each submission, with its path.
// `camaudit census submission --devices devices.jsonl --sector S -o org.json`: one
// organisation's privacy-preserving submission from its audit's devices.
//
// Exit status: 0 done; 1 some submission is invalid (nothing written); 2 cannot run.
#include <camaudit/app/commands.hpp>
#include <camaudit/census/census.hpp>

#include <fmt/format.h>

#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

namespace camaudit::app {

namespace {

struct CensusCommandOptions {
  KbOptions kb;
  std::vector<std::string> files;
  std::string frame, output, format;
  census::CensusOptions census;
  // submission
  std::string devices;
  census::SubmissionOptions submission;
};

std::optional<nlohmann::json> read_json(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read";
    return std::nullopt;
  }
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    error = std::string("not JSON: ") + e.what();
    return std::nullopt;
  }
}

// Reads and validates every file; prints each problem as FILE: PATH: message.
std::optional<std::vector<census::Submission>> read_submissions(const std::vector<std::string>& files,
                                                                 const census::Vocabulary& vocabulary) {
  std::vector<census::Submission> out;
  std::size_t bad = 0;
  for (const std::string& file : files) {
    std::string error;
    auto document = read_json(file, error);
    std::vector<std::string> problems = document ? census::validate(*document, vocabulary) : std::vector{error};
    for (const std::string& p : problems) std::cerr << file << ": " << p << "\n";
    if (!problems.empty()) {
      ++bad;
      continue;
    }
    out.push_back(census::submission_from_json(*document));
    out.back().file = file;
  }
  if (bad) {
    std::cerr << fmt::format("camaudit census: {} of {} submissions invalid; nothing written\n", bad, files.size());
    return std::nullopt;
  }
  return out;
}

bool write_file(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return true;
  }
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::cerr << "camaudit census: cannot write " << path << "\n";
      return false;
    }
  }
  std::filesystem::rename(temporary, path);  // no reader sees half a report
  return true;
}

std::string format_of(const CensusCommandOptions& o) {
  if (!o.format.empty()) return o.format;
  std::string extension = std::filesystem::path(o.output).extension().string();
  return extension.empty() ? "json" : extension.substr(1);
}

int run_census(const CensusCommandOptions& o) {
  if (o.files.empty()) {
    std::cerr << "camaudit census: give submission files (camaudit census submission makes one)\n";
    return 2;
  }
  std::string format = format_of(o);
  if (format != "json" && format != "csv" && format != "html") {
    std::cerr << "camaudit census: unknown format '" << format << "' (json, csv, html)\n";
    return 2;
  }
  try {
    census::Vocabulary vocabulary = census::Vocabulary::load(o.kb.resolved_dir());
    auto submissions = read_submissions(o.files, vocabulary);
    if (!submissions) return 1;
    std::optional<census::Frame> frame;
    if (!o.frame.empty()) frame = census::Frame::read_csv(o.frame, vocabulary);
    census::Census result = census::compute(*submissions, frame, o.census);
    std::string text = format == "json"  ? census::to_json(result).dump(2) + "\n"
                       : format == "csv" ? census::to_csv(result)
                                         : census::to_html(result, census::load_published(o.kb.resolved_dir()));
    if (!write_file(o.output, text)) return 2;
    std::cerr << fmt::format("camaudit census: {} submissions, {} sectors{}\n", submissions->size(),
                             result.sectors.size(), o.output.empty() ? "" : " -> " + o.output);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "camaudit census: " << e.what() << "\n";
    return 2;
  }
}

int run_validate(const CensusCommandOptions& o) {
  try {
    census::Vocabulary vocabulary = census::Vocabulary::load(o.kb.resolved_dir());
    auto submissions = read_submissions(o.files, vocabulary);
    if (!submissions) return 1;
    std::cout << fmt::format("camaudit census validate: {} submissions valid\n", submissions->size());
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "camaudit census validate: " << e.what() << "\n";
    return 2;
  }
}

int run_submission(const CensusCommandOptions& o) {
  try {
    census::Vocabulary vocabulary = census::Vocabulary::load(o.kb.resolved_dir());
    if (!vocabulary.sectors.count(o.submission.sector)) {
      std::cerr << "camaudit census submission: --sector must be one of kb/census/sectors.toml's sectors\n";
      return 2;
    }
    std::ifstream in(o.devices);
    if (!in) {
      std::cerr << "camaudit census submission: cannot read " << o.devices << "\n";
      return 2;
    }
    std::vector<DeviceRecord> devices;
    AuditRecord audit;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
      if (line.empty()) continue;
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) throw std::invalid_argument(fmt::format("{}:{}: not JSON", o.devices, number));
      if (j.contains("camaudit_audit")) {  // the header record of a devices file
        audit = audit_record_from_json(j["camaudit_audit"]);
        continue;
      }
      try {
        devices.push_back(device_record_from_json(j));
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(fmt::format("{}:{}: {}", o.devices, number, e.what()));
      }
    }
    if (audit.started_at.empty()) {  // a devices file without its header record: today
      std::time_t now = std::time(nullptr);
      char date[16];
      std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
      audit.started_at = date;
    }
    auto kb = o.kb.load_or_report();
    if (!kb) return 2;
    census::SubmissionOptions options = o.submission;
    options.restricted_maker = [&](std::string_view maker) {
      const kb::Vendor* v = kb->find_vendor(maker);
      return v && v->restricted;
    };
    if (audit.kb_digest.empty()) audit.kb_digest = kb->digest();
    nlohmann::json document = census::to_json(census::build_submission(audit, devices, options));
    for (const std::string& p : census::validate(document, vocabulary)) {
      std::cerr << "camaudit census submission: the submission would be invalid: " << p << "\n";
      return 2;
    }
    return write_file(o.output, document.dump(2) + "\n") ? 0 : 2;
  } catch (const std::exception& e) {
    std::cerr << "camaudit census submission: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

Run add_census(CLI::App& app) {
  auto o = std::make_shared<CensusCommandOptions>();
  CLI::App* cmd = app.add_subcommand("census", "sector statistics (prevalence with intervals, scale, capabilities, "
                                               "rights impact) from many organisations' submissions");
  cmd->add_option("submissions", o->files, "submission files (JSON)");
  cmd->add_option("--frame", o->frame, "sampling frame CSV: sector,population[,invited][,refused]");
  cmd->add_option("-o,--output", o->output, "output file (.html, .json, .csv; default: JSON on stdout)");
  cmd->add_option("--format", o->format, "json, csv or html (default: from the output file's extension)");
  cmd->add_option("--replicates", o->census.replicates, "bootstrap replicates")->capture_default_str()->check(CLI::Range(1, 1000000));
  cmd->add_option("--seed", o->census.seed, "bootstrap seed")->capture_default_str();
  cmd->add_option("--suppress-below", o->census.threshold, "hide organisation counts below this")
      ->capture_default_str()->check(CLI::Range(1, 1000));
  o->kb.add_to(*cmd);

  CLI::App* validate = cmd->add_subcommand("validate", "check submissions: every problem with its path");
  validate->add_option("files", o->files, "submission files")->required();
  o->kb.add_to(*validate);

  CLI::App* submission = cmd->add_subcommand("submission", "one organisation's submission from its devices");
  submission->add_option("--devices", o->devices, "devices JSON Lines (scan/identify/assess output)")->required();
  submission->add_option("--organisation", o->submission.organisation, "name or pseudonymous id")->required();
  submission->add_option("--sector", o->submission.sector, "sector (kb/census/sectors.toml)")->required();
  submission->add_option("--nation", o->submission.nation, "nation (kb/census/sectors.toml)");
  submission->add_option("--region", o->submission.region, "region");
  submission->add_option("--size-band", o->submission.size_band, "size band (small, medium, large)");
  submission->add_option("--method", o->submission.method, "how the devices were found")->capture_default_str();
  submission->add_option("--site-context", o->submission.site_contexts, "site contexts (school, hospital_ward, ...)");
  submission->add_option("--coverage", o->submission.coverage, "share of sites audited, 0..1")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  submission->add_flag("--with-devices", o->submission.with_devices, "add a device list, identities as salted hashes");
  submission->add_option("--salt", o->submission.salt, "salt for --with-devices hashes (keep it secret)");
  submission->add_option("-o,--output", o->output, "submission file (default: stdout)");
  o->kb.add_to(*submission);

  return [o, validate, submission] {
    if (validate->parsed()) return run_validate(*o);
    if (submission->parsed()) return run_submission(*o);
    return run_census(*o);
  };
}

}  // namespace camaudit::app
