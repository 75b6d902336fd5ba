// SPDX-License-Identifier: Apache-2.0
#include <camaudit/assess/profile.hpp>

#include <toml++/toml.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace camaudit::assess {

namespace {

[[noreturn]] void fail(const std::string& name, const toml::node& node, const std::string& what) {
  throw std::invalid_argument(name + ":" + std::to_string(node.source().begin.line) + ": " + what);
}

std::string text(const std::string& name, const std::string& key, const toml::node& node) {
  if (auto s = node.value<std::string>()) return *s;
  fail(name, node, "'" + key + "' must be a string");
}

std::vector<std::string> texts(const std::string& name, const std::string& key, const toml::node& node) {
  if (node.is_string()) return {text(name, key, node)};
  const toml::array* array = node.as_array();
  if (!array) fail(name, node, "'" + key + "' must be a string or a list of strings");
  std::vector<std::string> out;
  for (const toml::node& item : *array) out.push_back(text(name, key, item));
  return out;
}

}  // namespace

Profile parse_profile(std::string_view input, const std::string& name) {
  toml::table doc;
  try {
    doc = toml::parse(input, name);
  } catch (const toml::parse_error& e) {
    throw std::invalid_argument(name + ":" + std::to_string(e.source().begin.line) + ": TOML syntax: " +
                                std::string(e.description()));
  }
  Profile p;
  for (const auto& [k, node] : doc) {
    const std::string key(k.str());
    if (key == "organisation") p.organisation = text(name, key, node);
    else if (key == "site") p.site = text(name, key, node);
    else if (key == "jurisdiction" || key == "jurisdictions") p.jurisdictions = texts(name, key, node);
    else if (key == "org_type") p.org_type = text(name, key, node);
    else if (key == "sector") p.sector = text(name, key, node);
    else if (key == "site_sensitivity") p.site_sensitivity = text(name, key, node);
    else if (key == "site_contexts" || key == "site_context") p.site_contexts = texts(name, key, node);
    else fail(name, node, "unknown key '" + key + "' (organisation, site, jurisdiction, org_type, sector, site_sensitivity, site_contexts)");
  }
  return p;
}

Profile load_profile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument(path.string() + ": cannot read the profile");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_profile(buffer.str(), path.string());
}

}  // namespace camaudit::assess
