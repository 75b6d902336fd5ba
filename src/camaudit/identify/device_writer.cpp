// SPDX-License-Identifier: Apache-2.0
#include <camaudit/identify/device_writer.hpp>

#include <camaudit/util/text.hpp>

#include <nlohmann/json.hpp>

namespace camaudit::identify {

namespace {

using Json = nlohmann::ordered_json;

Json text_or_null(const std::optional<std::string>& s) {
  return s ? Json(util::to_valid_utf8(*s)) : Json(nullptr);
}

}  // namespace

std::string device_to_json_line(const Device& d) {
  Json j;
  j["ip"] = d.ip.empty() ? Json(nullptr) : Json(d.ip);
  if (d.key != d.ip) j["device"] = util::to_valid_utf8(d.key);
  j["manufacturer"] = text_or_null(d.value(Attribute::manufacturer));
  j["brand"] = text_or_null(d.brand());
  j["model"] = text_or_null(d.value(Attribute::model));
  if (auto original = d.value(Attribute::original_model)) j["original_model"] = util::to_valid_utf8(*original);
  j["firmware"] = text_or_null(d.value(Attribute::firmware));
  j["serial"] = text_or_null(d.value(Attribute::serial));
  j["mac"] = text_or_null(d.value(Attribute::mac));
  j["device_type"] = text_or_null(d.value(Attribute::device_type));
  j["capabilities"] = d.capabilities();
  if (auto name = d.value(Attribute::name)) j["name"] = util::to_valid_utf8(*name);
  j["confidence"] = d.confidence();
  j["seen"] = Json(d.seen);

  Json evidence = Json::array();
  for (const Claim& c : d.claims) {
    Json e;
    e["attribute"] = std::string(attribute_name(c.attribute));
    e["value"] = util::to_valid_utf8(c.value);
    e["certainty"] = c.certainty;
    e["observation"] = c.why.observation ? Json(*c.why.observation) : Json(nullptr);
    e["field"] = std::string(c.why.field);
    e["matched"] = c.why.matched;
    e["rule"] = std::string(c.why.rule);
    e["kb"] = std::string(c.why.where);
    evidence.push_back(std::move(e));
  }
  j["evidence"] = std::move(evidence);

  // Every value that lost to another, with what backed it: conflicts are explained,
  // never silently dropped. Multi-valued capabilities are not conflicts.
  Json conflicts = Json::array();
  for (const auto& [attribute, values] : d.ranked) {
    if (attribute == Attribute::capability) continue;
    for (std::size_t i = 1; i < values.size(); ++i) {
      Json c;
      c["attribute"] = std::string(attribute_name(attribute));
      c["value"] = util::to_valid_utf8(values[i].value);
      c["certainty"] = values[i].certainty;
      Json rules = Json::array();
      for (std::size_t claim : values[i].claims) rules.push_back(std::string(d.claims[claim].why.rule));
      c["rules"] = std::move(rules);
      conflicts.push_back(std::move(c));
    }
  }
  if (!conflicts.empty()) j["conflicts"] = std::move(conflicts);

  if (!d.unparsed.empty()) {
    Json unparsed = Json::array();
    for (const Unparsed& u : d.unparsed)
      unparsed.push_back(Json{{"observation", u.observation}, {"protocol", u.protocol}, {"error", util::to_valid_utf8(u.error)}});
    j["unparsed"] = std::move(unparsed);
  }
  j["observations"] = d.observations.size();
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace camaudit::identify
