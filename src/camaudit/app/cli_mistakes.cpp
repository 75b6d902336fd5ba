// SPDX-License-Identifier: Apache-2.0
#include <camaudit/app/cli_mistakes.hpp>

#include <camaudit/util/printable.hpp>
#include <camaudit/util/text.hpp>

namespace camaudit::app {

namespace {

// "camaudit kb check" (the root's own name may be argv[0], a path, once CLI11 parsed).
std::string command_path(const CLI::App* app) {
  std::string path;
  for (const CLI::App* a = app; a->get_parent() != nullptr; a = a->get_parent()) path = " " + a->get_name() + path;
  return "camaudit" + path;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::vector<std::string> command_names(CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

std::vector<std::string> option_names(CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* o : app.get_options()) {
    for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
    for (const std::string& s : o->get_snames()) names.push_back("-" + s);
  }
  return names;
}

std::string suggest(const std::string& word, const std::vector<std::string>& candidates) {
  auto near = nearest(word, candidates);
  return near ? "; did you mean \"" + *near + "\"?" : "";
}

std::string unknown_option(CLI::App& level, const std::string& word) {
  const std::string path = command_path(&level);
  return path + ": unknown option \"" + util::printable(word) + "\"" + suggest(word, option_names(level)) + " (see `" +
         path + " --help`)";
}

bool is_help_or_version(const std::string& word) {
  return word == "-h" || word == "--help" || word == "-V" || word == "--version";
}

// A word that is an option name (not a negative number given as a value).
bool looks_like_option(const std::string& word) {
  return word.size() > 1 && word[0] == '-' && !(std::isdigit(static_cast<unsigned char>(word[1])) || word[1] == '.');
}

bool known_option(CLI::App& level, const std::string& word) {
  if (word.starts_with("--")) return level.get_option_no_throw(word.substr(0, word.find('='))) != nullptr;
  // -o FILE, -oFILE, or bundled short flags: the first letter decides.
  return level.get_option_no_throw(word.substr(0, 2)) != nullptr;
}

}  // namespace

std::optional<std::string> nearest(const std::string& word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    std::size_t d = util::edit_distance(util::to_lower(word), c);
    if (word.size() > 2 && c.starts_with(word) && d > 0) d = 1;  // an abbreviation: --obs for --observations
    if (d < best_distance) best = c, best_distance = d;
  }
  return best;
}

std::optional<std::string> find_mistake(CLI::App& app, const std::vector<std::string>& args, bool check_options) {
  CLI::App* level = &app;
  std::size_t i = 0;
  while (!command_names(*level).empty()) {
    const std::vector<std::string> commands = command_names(*level);
    const std::string path = command_path(level);
    if (i == args.size())
      return path + ": a command is required: " + quoted_list(commands) + " (see `" + path + " --help`)";
    const std::string& word = args[i];
    if (is_help_or_version(word)) return std::nullopt;
    if (looks_like_option(word)) {
      if (known_option(*level, word)) {
        ++i;
        continue;
      }
      return unknown_option(*level, word);
    }
    CLI::App* sub = nullptr;
    for (CLI::App* s : level->get_subcommands([](CLI::App*) { return true; }))
      if (s->check_name(word)) sub = s;
    if (sub == nullptr)
      return path + ": unknown command \"" + util::printable(word) + "\"" + suggest(word, commands) +
             " (commands: " + quoted_list(commands) + "; see `" + path + " --help`)";
    level = sub;
    ++i;
  }
  if (!check_options) return std::nullopt;
  for (; i < args.size() && args[i] != "--"; ++i)
    if (looks_like_option(args[i]) && !known_option(*level, args[i])) return unknown_option(*level, args[i]);
  return std::nullopt;
}

}  // namespace camaudit::app
