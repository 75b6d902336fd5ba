// SPDX-License-Identifier: Apache-2.0
#include <camaudit/core/claim.hpp>

#include <array>
#include <utility>

namespace camaudit {

namespace {
constexpr std::array<std::pair<Attribute, std::string_view>, 10> kNames{{
    {Attribute::manufacturer, "manufacturer"},
    {Attribute::brand, "brand"},
    {Attribute::model, "model"},
    {Attribute::original_model, "original_model"},
    {Attribute::firmware, "firmware"},
    {Attribute::serial, "serial"},
    {Attribute::mac, "mac"},
    {Attribute::device_type, "device_type"},
    {Attribute::capability, "capability"},
    {Attribute::name, "name"},
}};
}  // namespace

std::string_view attribute_name(Attribute a) noexcept {
  for (const auto& [attr, name] : kNames)
    if (attr == a) return name;
  return "?";
}

std::optional<Attribute> attribute_from_name(std::string_view s) noexcept {
  for (const auto& [attr, name] : kNames)
    if (name == s) return attr;
  return std::nullopt;
}

}  // namespace camaudit
