// SPDX-License-Identifier: Apache-2.0
// camaudit: audit a CCTV estate. See README.md for the commands.
#include <camaudit/source_paths.hpp>
#include <camaudit/app/commands.hpp>

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

std::unique_ptr<kb::KnowledgeBase> KbOptions::load_or_report() const {
  std::vector<kb::Problem> problems;
  auto kb = kb::KnowledgeBase::load(resolved_dir(), problems, ieee_dir);
  if (problems.empty()) return kb;
  for (const auto& p : problems) std::cerr << resolved_dir() << "/" << p.where.str() << ": " << p.message << "\n";
  std::cerr << "camaudit: the knowledge base has " << problems.size()
            << " problem(s); run `camaudit kb check` for the full report\n";
  return nullptr;
}

}  // namespace camaudit::app

int main(int argc, char** argv) {
  using namespace camaudit::app;
  CLI::App app{"camaudit " CAMAUDIT_VERSION ": audit CCTV estates (who really made each camera, NVR and DVR)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", CAMAUDIT_VERSION);
  Run assess = add_assess(app);
  Run identify = add_identify(app);
  Run discover = add_discover(app);
  Run kb = add_kb(app);
  Run scan = add_scan(app);
  Run census = add_census(app);
  Run audits = add_audits(app);
  Run show = add_show(app);
  Run diff = add_diff(app);
  Run reidentify = add_reidentify(app);
  Run store = add_store(app);
  Run report = add_report(app);
  Run import = add_import(app);
  // nmap spells its target-file option "-iL", one dash and two letters; CLI11 would read
  // that as "-i" with the value "L". Auditors type nmap's spelling, so accept it.
  std::vector<std::string> arguments(argv, argv + argc);
  for (std::string& a : arguments)
    if (a == "-iL" || a.starts_with("-iL=")) a.insert(0, "-");
  std::vector<char*> rewritten;
  for (std::string& a : arguments) rewritten.push_back(a.data());
  CLI11_PARSE(app, argc, rewritten.data());
  try {
    if (app.got_subcommand("assess")) return assess();
    if (app.got_subcommand("identify")) return identify();
    if (app.got_subcommand("discover")) return discover();
    if (app.got_subcommand("kb")) return kb();
    if (app.got_subcommand("scan")) return scan();
    if (app.got_subcommand("census")) return census();
    if (app.got_subcommand("audits")) return audits();
    if (app.got_subcommand("show")) return show();
    if (app.got_subcommand("diff")) return diff();
    if (app.got_subcommand("reidentify")) return reidentify();
    if (app.got_subcommand("store")) return store();
    if (app.got_subcommand("report")) return report();
    if (app.got_subcommand("import")) return import();
  } catch (const std::exception& e) {
    std::cerr << "camaudit: " << e.what() << "\n";
    return 2;
  }
  return 2;
}
