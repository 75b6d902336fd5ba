// SPDX-License-Identifier: Apache-2.0
#include <camaudit/pipeline/output_file.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace camaudit::pipeline {

OutputFile::~OutputFile() {
  flush();
  if (m_owned) ::close(m_fd);
}

std::string OutputFile::open(const std::string& path, std::optional<std::uint64_t> resume_size) {
  m_path = path;
  if (path == "-") {
    m_fd = STDOUT_FILENO;
    return {};
  }
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (resume_size ? 0 : O_TRUNC);
  int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) return fmt::format("cannot write {}: {}", path, std::strerror(errno));
  if (resume_size) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || static_cast<std::uint64_t>(st.st_size) < *resume_size) {
      ::close(fd);
      return fmt::format("{} is shorter than when the scan was last checkpointed ({} bytes): it was replaced or "
                         "damaged; refusing to append to it",
                         path, *resume_size);
    }
    // Whatever came after the checkpoint (a torn line, hosts the resume redoes) goes.
    if (::ftruncate(fd, static_cast<off_t>(*resume_size)) != 0 || ::lseek(fd, 0, SEEK_END) < 0) {
      ::close(fd);
      return fmt::format("cannot cut {} back to its checkpoint: {}", path, std::strerror(errno));
    }
    m_size = *resume_size;
  }
  m_fd = fd;
  m_owned = true;
  return {};
}

void OutputFile::line(std::string_view text) {
  if (m_fd < 0) return;
  m_pending.append(text);
  m_pending.push_back('\n');
}

std::string OutputFile::flush() {
  std::size_t written = 0;
  while (written < m_pending.size()) {
    ssize_t n = ::write(m_fd, m_pending.data() + written, m_pending.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string error = fmt::format("cannot write {}: {}", m_path, std::strerror(errno));
      m_pending.erase(0, written);
      m_size += written;
      return error;
    }
    written += static_cast<std::size_t>(n);
  }
  m_size += written;
  m_pending.clear();
  return {};
}

}  // namespace camaudit::pipeline
