// SPDX-License-Identifier: Apache-2.0
// camaudit: audit a CCTV estate. See README.md for the commands.
#include <camaudit/source_paths.hpp>
#include <camaudit/app/cli_mistakes.hpp>
#include <camaudit/app/commands.hpp>
#include <camaudit/util/printable.hpp>
#include <camaudit/util/text.hpp>

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace camaudit::app {

void KbOptions::add_to(CLI::App& command) {
  command.add_option("--kb", dir, "knowledge-base directory (default: $CAMAUDIT_KB, installed, or source kb/)");
  command.add_option("--ieee-data", ieee_dir, "directory of Debian's ieee-data registry files")->capture_default_str();
}

std::string KbOptions::resolved_dir() const {
  if (!dir.empty()) return dir;
  if (const char* env = std::getenv("CAMAUDIT_KB"); env && *env) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share" / "camaudit" / "kb";
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
  return CAMAUDIT_SOURCE_KB_DIR;
}

std::string where_under(const kb::Location& where, const std::string& root) {
  std::string out = where.file.empty() ? root : where.file.front() == '/' ? where.file : root + "/" + where.file;
  return where.line > 0 ? out + ":" + std::to_string(where.line) : out;
}

CLI::Validator finite_range(double min, double max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        double v = 0;
        if (!CLI::detail::lexical_cast(text, v) || !std::isfinite(v) || v < min || v > max)
          return fmt::format("{} is not a number from {} to {}", text, min, max);
        return {};
      },
      fmt::format("NUMBER in [{} - {}]", min, max));
}

bool KbOptions::directory_exists_or_report() const {
  std::error_code ec;
  if (std::filesystem::is_directory(resolved_dir(), ec)) return true;
  std::cerr << "camaudit: knowledge base directory " << resolved_dir() << " not found"
            << (dir.empty() ? " (from $CAMAUDIT_KB or the installation)" : " (--kb)")
            << "; give --kb DIR, the kb/ folder of camaudit's sources or its installed share/camaudit/kb\n";
  return false;
}

std::unique_ptr<kb::KnowledgeBase> KbOptions::load_or_report() const {
  if (!directory_exists_or_report()) return nullptr;
  std::vector<kb::Problem> problems;
  auto kb = kb::KnowledgeBase::load(resolved_dir(), problems, ieee_dir);
  if (problems.empty()) return kb;
  for (const auto& p : problems) std::cerr << where_under(p.where, resolved_dir()) << ": " << p.message << "\n";
  std::cerr << "camaudit: the knowledge base has " << problems.size()
            << " problem(s); run `camaudit kb check` for the full report\n";
  return nullptr;
}

}  // namespace camaudit::app

namespace {

// Every --help ends with the exit statuses (after a command's own footer, if it has one).
void add_exit_status_footers(CLI::App& app) {
  using camaudit::app::kExitStatusHelp;
  app.footer(app.get_footer().empty() ? kExitStatusHelp : app.get_footer() + "\n\n" + kExitStatusHelp);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) add_exit_status_footers(*sub);
}

// CLI11's own messages, with exit status 2 for every usage error (CLI11 uses 100+).
int report_parse_error(CLI::App& app, const CLI::ParseError& e, const std::vector<std::string>& args) {
  if (auto mistake = camaudit::app::find_mistake(app, args, true)) {
    std::cerr << *mistake << "\n";
  } else {
    std::cerr << "camaudit: " << camaudit::util::printable(e.what()) << " (see `camaudit --help`)\n";
  }
  return camaudit::app::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace camaudit::app;
  CLI::App app{"camaudit " CAMAUDIT_VERSION ": audit CCTV estates (who really made each camera, NVR and DVR)"};
  app.require_subcommand(1);
  app.set_version_flag("-V,--version", CAMAUDIT_VERSION);
  // Every subcommand, registered once: its name is how CLI11 reports it parsed.
  std::vector<std::pair<std::string, Run>> commands;
  for (auto add : {add_assess, add_identify, add_discover, add_kb, add_scan, add_census, add_audits, add_show,
                   add_diff, add_reidentify, add_store, add_report, add_import}) {
    Run run = add(app);
    commands.emplace_back(app.get_subcommands({}).back()->get_name(), std::move(run));
  }
  add_exit_status_footers(app);
  // nmap spells its target-file option "-iL", one dash and two letters; CLI11 would read
  // that as "-i" with the value "L". Auditors type nmap's spelling, so accept it.
  std::vector<std::string> arguments(argv, argv + argc);
  for (std::string& a : arguments)
    if (a == "-iL" || a.starts_with("-iL=")) a.insert(0, "-");
  const std::vector<std::string> words(arguments.begin() + 1, arguments.end());
  // A mistyped command is named before CLI11 sees it: `camaudit scna --help` is an error,
  // not the main help with status 0.
  if (auto mistake = find_mistake(app, words, false)) {
    std::cerr << *mistake << "\n";
    return kExitUsage;
  }
  std::vector<char*> rewritten;
  for (std::string& a : arguments) rewritten.push_back(a.data());
  try {
    app.parse(argc, rewritten.data());
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return report_parse_error(app, e, words);
  }
  try {
    for (const auto& [name, run] : commands)
      if (app.got_subcommand(name)) return run();
  } catch (const std::exception& e) {
    std::cerr << "camaudit: " << e.what() << "\n";
    return kExitUsage;
  }
  return kExitUsage;
}
