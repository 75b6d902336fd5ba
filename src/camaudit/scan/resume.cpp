// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/resume.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace camaudit::scan {

std::optional<ResumeState> read_resume(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  std::ifstream in(path);
  if (!in) throw ResumeError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  try {
    nlohmann::json j = nlohmann::json::parse(in);
    if (j.at("version").get<int>() != 1) throw ResumeError(fmt::format("{}: unknown resume file version", path));
    ResumeState s;
    s.targets = j.at("targets").get<std::vector<std::string>>();
    s.exclusions = j.at("exclusions").get<std::vector<std::string>>();
    s.ports = j.at("ports").get<std::vector<std::uint16_t>>();
    s.seed = j.at("seed").get<std::uint64_t>();
    s.shard = {j.at("shard").at(0).get<std::uint64_t>(), j.at("shard").at(1).get<std::uint64_t>()};
    s.checkpoint.position = j.at("position").get<std::uint64_t>();
    for (std::uint64_t p : j.at("done").get<std::vector<std::uint64_t>>()) s.checkpoint.done.insert(p);
    s.complete = j.at("complete").get<bool>();
    if (auto it = j.find("extra"); it != j.end() && it->is_object()) s.extra = *it;
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw ResumeError(fmt::format("{}: not a camaudit resume file: {}", path, e.what()));
  }
}

void write_resume(const std::string& path, const ResumeState& s) {
  nlohmann::json j = {{"version", 1},
                      {"targets", s.targets},
                      {"exclusions", s.exclusions},
                      {"ports", s.ports},
                      {"seed", s.seed},
                      {"shard", {s.shard.index, s.shard.count}},
                      {"position", s.checkpoint.position},
                      {"done", std::vector<std::uint64_t>(s.checkpoint.done.begin(), s.checkpoint.done.end())},
                      {"complete", s.complete},
                      {"extra", s.extra}};
  std::string temporary = path + ".tmp";
  std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::FILE* out = std::fopen(temporary.c_str(), "wb");
  bool ok = out && std::fwrite(text.data(), 1, text.size(), out) == text.size() && std::fflush(out) == 0 &&
            ::fsync(::fileno(out)) == 0;
  if (out) std::fclose(out);
  if (!ok) throw ResumeError(fmt::format("{}: cannot write: {}", temporary, std::strerror(errno)));
  if (std::rename(temporary.c_str(), path.c_str()) != 0)
    throw ResumeError(fmt::format("{}: cannot replace: {}", path, std::strerror(errno)));
}

std::string resume_mismatch(const ResumeState& saved, const ResumeState& wanted) {
  if (saved.targets != wanted.targets) return "the targets differ";
  if (saved.exclusions != wanted.exclusions) return "the exclusions differ";
  if (saved.ports != wanted.ports) return "the ports differ";
  if (saved.shard.index != wanted.shard.index || saved.shard.count != wanted.shard.count) return "the shard differs";
  return {};
}

}  // namespace camaudit::scan
