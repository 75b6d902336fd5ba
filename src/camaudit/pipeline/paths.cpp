// SPDX-License-Identifier: Apache-2.0
#include <camaudit/pipeline/paths.hpp>

#include <fmt/format.h>
#include <sys/stat.h>

#include <filesystem>

namespace camaudit::pipeline {

namespace {
// One identity per file: "dev:inode" when it exists, else its normalised absolute path.
std::string identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return fmt::format("inode {}:{}", st.st_dev, st.st_ino);
  std::error_code ec;
  auto absolute = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  return "path " + absolute.lexically_normal().string();
}
}  // namespace

std::string path_clash(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs) {
  std::vector<std::pair<const NamedPath*, std::string>> seen;
  auto check = [&](const NamedPath& p, bool output) -> std::string {
    if (p.second.empty() || p.second == "-") return {};
    std::string id = identity(p.second);
    for (const auto& [other, other_id] : seen)
      if (other_id == id)
        return fmt::format("{} {} is the same file as {} {}{}", p.first, p.second, other->first, other->second,
                           output ? "; give each output its own file, never an input" : "");
    seen.emplace_back(&p, id);
    return {};
  };
  for (const NamedPath& p : inputs) check(p, false);  // two inputs may well be one file
  for (const NamedPath& p : outputs)
    if (std::string e = check(p, true); !e.empty()) return e;
  return {};
}

}  // namespace camaudit::pipeline
