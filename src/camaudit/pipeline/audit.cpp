// SPDX-License-Identifier: Apache-2.0
#include <camaudit/pipeline/audit.hpp>

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <vector>

namespace camaudit::pipeline {

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string kb_sha256(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec)) files.push_back(it->path());
  std::sort(files.begin(), files.end());
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  for (const auto& file : files) {
    std::string name = file.lexically_relative(dir).generic_string();
    EVP_DigestUpdate(ctx.get(), name.data(), name.size() + 1);  // with its NUL: names and contents never run together
    std::ifstream in(file, std::ios::binary);
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buffer, static_cast<std::size_t>(in.gcount()));
    EVP_DigestUpdate(ctx.get(), "", 1);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

AuditRecord start_audit(std::string command, nlohmann::json targets, nlohmann::json options,
                        const std::filesystem::path& kb_dir) {
  AuditRecord audit;
  audit.command = std::move(command);
  audit.started_at = utc_now();
  audit.targets = std::move(targets);
  audit.options = std::move(options);
  audit.camaudit_version = CAMAUDIT_VERSION;
  audit.kb_digest = kb_sha256(kb_dir);
  return audit;
}

std::string write_json_file(const std::string& path, const nlohmann::json& j) {
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    if (!out.flush()) return fmt::format("cannot write {}: {}", temporary, std::strerror(errno));
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0)
    return fmt::format("cannot replace {}: {}", path, std::strerror(errno));
  return {};
}

}  // namespace camaudit::pipeline
