// SPDX-License-Identifier: Apache-2.0
#include <camaudit/assess/kb_file.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace camaudit::assess {

namespace fs = std::filesystem;

std::optional<TomlFile> DataReader::file(const std::string& relative, bool required) {
  std::ifstream in(m_root / relative, std::ios::binary);
  if (!in) {
    if (required) problem({relative, 0}, "cannot read file");
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return TomlFile{relative, toml::parse(buffer.str(), (m_root / relative).string())};
  } catch (const toml::parse_error& e) {
    problem({relative, static_cast<std::size_t>(e.source().begin.line)},
            std::string("TOML syntax: ") + std::string(e.description()));
    return std::nullopt;
  }
}

std::vector<TomlFile> DataReader::folder(const std::string& folder) {
  std::vector<TomlFile> out;
  std::error_code ec;
  if (!fs::is_directory(m_root / folder, ec)) {
    problem({folder, 0}, "folder not found");
    return out;
  }
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(m_root / folder, ec))
    if (entry.path().extension() == ".toml") names.push_back(folder + "/" + entry.path().filename().string());
  std::sort(names.begin(), names.end());
  for (const std::string& name : names)
    if (auto f = file(name, true)) {
      const toml::node* schema = f->doc.get("schema");
      if (!schema || schema->value<int64_t>() != 1) problem({name, 1}, "expected schema = 1");
      out.push_back(std::move(*f));
    }
  return out;
}

std::vector<const toml::table*> DataReader::tables(const toml::table& t, std::string_view name,
                                                   const kb::Location& where) {
  std::vector<const toml::table*> out;
  const toml::node* node = t.get(name);
  if (node == nullptr) return out;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    problem(where, "'" + std::string(name) + "' must be an array of tables ([[" + std::string(name) + "]])");
    return out;
  }
  for (const toml::node& item : *array) {
    if (const toml::table* table = item.as_table()) out.push_back(table);
    else problem(where, "'" + std::string(name) + "' must hold tables only");
  }
  return out;
}

std::string DataReader::str(const toml::table& t, std::string_view name, const kb::Location& where, bool required) {
  const toml::node* node = t.get(name);
  if (node == nullptr) {
    if (required) problem(where, "missing required field '" + std::string(name) + "'");
    return {};
  }
  if (auto v = node->value<std::string>()) return *v;
  problem(where, "field '" + std::string(name) + "' must be a string");
  return {};
}

std::vector<std::string> DataReader::strings(const toml::table& t, std::string_view name, const kb::Location& where) {
  std::vector<std::string> out;
  const toml::node* node = t.get(name);
  if (node == nullptr) return out;
  if (auto s = node->value<std::string>()) return {*s};
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    problem(where, "field '" + std::string(name) + "' must be a string or an array of strings");
    return out;
  }
  for (const toml::node& item : *array) {
    if (auto s = item.value<std::string>()) out.push_back(*s);
    else problem(where, "field '" + std::string(name) + "' must hold strings only");
  }
  return out;
}

std::optional<double> DataReader::number(const toml::table& t, std::string_view name, const kb::Location& where,
                                         bool required) {
  const toml::node* node = t.get(name);
  if (node == nullptr) {
    if (required) problem(where, "missing required field '" + std::string(name) + "'");
    return std::nullopt;
  }
  if (auto v = node->value<double>()) return *v;
  problem(where, "field '" + std::string(name) + "' must be a number");
  return std::nullopt;
}

bool DataReader::boolean(const toml::table& t, std::string_view name, const kb::Location& where, bool fallback) {
  const toml::node* node = t.get(name);
  if (node == nullptr) return fallback;
  if (auto v = node->value<bool>()) return *v;
  problem(where, "field '" + std::string(name) + "' must be true or false");
  return fallback;
}

std::map<std::string, std::string> DataReader::string_map(const toml::table& t, std::string_view name,
                                                          const kb::Location& where) {
  std::map<std::string, std::string> out;
  const toml::node* node = t.get(name);
  if (node == nullptr) return out;
  const toml::table* table = node->as_table();
  if (table == nullptr) {
    problem(where, "field '" + std::string(name) + "' must be a table of strings");
    return out;
  }
  for (const auto& [key, value] : *table) {
    if (auto s = value.value<std::string>()) out[std::string(key.str())] = *s;
    else problem(where, "field '" + std::string(name) + "." + std::string(key.str()) + "' must be a string");
  }
  return out;
}

std::vector<Citation> DataReader::citations(const TomlFile& f, const toml::table& t, const kb::Location& where) {
  std::vector<Citation> out;
  for (const toml::table* c : tables(t, "cite", where)) {
    kb::Location at = DataReader::at(f, *c);
    out.push_back({str(*c, "instrument", at, true), str(*c, "section", at, false), str(*c, "date", at, false),
                   str(*c, "url", at, false)});
  }
  return out;
}

std::string DataReader::source(const toml::table& t, const kb::Location& where) {
  std::string out;
  for (const std::string& s : strings(t, "source", where)) out += (out.empty() ? "" : "; ") + s;
  if (out.empty()) problem(where, "missing required field 'source'");
  return out;
}

std::string resolve_vendor(const kb::KnowledgeBase& kb, const std::string& name, const kb::Location& where,
                           DataReader& reader) {
  const kb::Vendor* v = kb.find_vendor(name);
  if (v == nullptr) {
    reader.problem(where, "vendor '" + name + "' is not in vendors.toml");
    return name;
  }
  return v->name;
}

}  // namespace camaudit::assess
