// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/register.hpp>

#include <camaudit/protocol/json_fields.hpp>
#include <camaudit/util/text.hpp>

#include <array>

namespace camaudit::protocol {

namespace {

// A spreadsheet cell holding more than this is a note, not a make or model.
constexpr std::size_t kMaxCellBytes = 1024;

constexpr std::array<std::string_view, 5> kRegisterKeys = {"register.make", "register.model", "register.text",
                                                            "register.serial", "register.mac"};

// Trims and collapses whitespace runs (spreadsheets are full of double spaces, tabs
// and line breaks inside cells); NULs and other controls count as whitespace.
std::string clean_cell(std::string_view cell) {
  std::string out;
  bool space = false;
  for (char c : cell.substr(0, kMaxCellBytes)) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return util::to_valid_utf8(out);
}

// The importer (ingest/register.cpp) sends the row's other cells as a JSON object:
// {"row": 12, "text": "...", "serial": "...", "mac": "...", "cells": {...}}. A payload
// that is not such an object is the row's free text.
struct RowPayload {
  std::string text, serial, mac;
};

RowPayload read_payload(std::string_view payload) {
  RowPayload out;
  const std::string_view trimmed = util::trim(payload);
  if (!trimmed.starts_with('{')) {
    out.text = std::string(payload);
    return out;
  }
  std::string error;
  auto root = parse_json(trimmed, "register", error);
  if (!root || !root->is_object()) {
    out.text = std::string(payload);
    return out;
  }
  auto member = [&](std::string_view key) {
    auto v = json_member(*root, key);
    return v ? json_scalar_text(*v).value_or("") : std::string();
  };
  out.text = member("text");
  out.serial = clean_cell(member("serial"));
  out.mac = clean_cell(member("mac"));
  return out;
}

ParseResult parse_register_observation(const Observation& obs) {
  ParseResult out;
  std::string error;
  const RowPayload payload = read_payload(obs.payload);
  const auto row = parse_register_row(obs.make, obs.model, payload.text, &error);
  if (!error.empty()) out.error = "register: " + error;
  if (row) {
    if (!row->make.empty()) out.add("register.make", row->make);
    if (!row->model.empty()) out.add("register.model", row->model);
    out.add("register.text", row->text);
  }
  if (!payload.serial.empty()) out.add("register.serial", payload.serial);
  if (!payload.mac.empty()) out.add("register.mac", payload.mac);
  return out;
}

}  // namespace

std::optional<RegisterRow> parse_register_row(std::string_view make, std::string_view model,
                                              std::string_view payload, std::string* error) {
  RegisterRow row;
  row.make = clean_cell(make);
  row.model = clean_cell(model);
  if (!row.make.empty() || !row.model.empty()) {
    row.text = row.make.empty() ? row.model : row.model.empty() ? row.make : row.make + ' ' + row.model;
  } else {
    row.text = clean_cell(payload);
  }
  if (row.text.empty()) {
    if (error) *error = "empty row: no make, model or text";
    return std::nullopt;
  }
  const bool cut = make.size() > kMaxCellBytes || model.size() > kMaxCellBytes ||
                   (row.make.empty() && row.model.empty() && payload.size() > kMaxCellBytes);
  if (cut && error) *error = "cell longer than " + std::to_string(kMaxCellBytes) + " bytes, cut";
  return row;
}

constinit const Parser kRegisterParser{"register", "Asset-register row: make, model and their text",
                                       kRegisterKeys, parse_register_observation};

}  // namespace camaudit::protocol
