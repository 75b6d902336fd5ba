// SPDX-License-Identifier: Apache-2.0
// Test helpers for reading the research corpus (../shared/corpus/, one real device
// response per file, first line `# source: ...`). Parser tests cut the real bytes out
// of these files instead of inventing responses. CTest sets CAMAUDIT_SHARED_DIR; a
// plain run from the checkout falls back to ../shared.
#pragma once

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace camaudit::protocol::testing {

inline std::string shared_dir() {
  const char* env = std::getenv("CAMAUDIT_SHARED_DIR");
  return env != nullptr && *env != '\0' ? std::string(env) : std::string("../shared");
}

// The text of corpus/<name> without its `# source:` first line. Throws (failing the
// test loudly) when the file is missing, so a moved corpus never passes silently.
inline std::string corpus_text(std::string_view name) {
  const std::string path = shared_dir() + "/corpus/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("corpus file not found: " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.rfind("# source:", 0) == 0) {
    const auto eol = text.find('\n');
    text.erase(0, eol == std::string::npos ? text.size() : eol + 1);
  }
  return text;
}

// Lines `from` .. `to` (1-based, inclusive, counted after the source line), joined with
// `eol`. Corpus files store captures with bare LF; pass "\r\n" to restore the wire
// form of a CRLF protocol.
inline std::string corpus_lines(std::string_view name, int from, int to, std::string_view eol = "\n") {
  const std::string text = corpus_text(name);
  std::string out;
  int line = 1;
  std::size_t pos = 0;
  while (pos <= text.size() && line <= to) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    if (line >= from) {
      out.append(text, pos, end - pos);
      out.append(eol);
    }
    ++line;
    pos = end + 1;
  }
  return out;
}

// Turns the C escapes nmap and recog write in their examples (\r \n \t \0 \xHH \" \\)
// into bytes, so a quoted `RTSP/1.0 200 OK\r\n...` line becomes the wire response.
inline std::string unescape_c(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) { out.push_back(s[i]); continue; }
    const char c = s[++i];
    switch (c) {
      case 'r': out.push_back('\r'); break;
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case '0': out.push_back('\0'); break;
      case 'x':
        if (i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
          out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
          i += 2;
        } else {
          out.append("\\x");
        }
        break;
      default: out.push_back(c); break;
    }
  }
  return out;
}

// Decodes a `hexdump -C` style dump ("00000000  00 00 84 00 ...  |....|") back into
// bytes: on each line starting with an 8-digit offset, the up to 16 two-digit hex
// groups after it. Other lines (prose, headings) are skipped.
inline std::string decode_hex_dump(std::string_view dump) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  std::size_t pos = 0;
  while (pos < dump.size()) {
    std::size_t end = dump.find('\n', pos);
    if (end == std::string_view::npos) end = dump.size();
    std::string_view line = dump.substr(pos, end - pos);
    pos = end + 1;
    bool offset = line.size() > 10;
    for (std::size_t i = 0; offset && i < 8; ++i) offset = hex(line[i]) >= 0;
    if (!offset || line[8] != ' ') continue;
    std::size_t i = 9;
    for (int count = 0; count < 16; ++count) {
      while (i < line.size() && line[i] == ' ') ++i;
      if (i + 1 >= line.size() || hex(line[i]) < 0 || hex(line[i + 1]) < 0) break;
      if (i + 2 < line.size() && line[i + 2] != ' ') break;  // the ASCII column, not a byte
      out.push_back(static_cast<char>(hex(line[i]) * 16 + hex(line[i + 1])));
      i += 2;
    }
  }
  return out;
}

}  // namespace camaudit::protocol::testing
