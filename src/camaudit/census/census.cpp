// SPDX-License-Identifier: Apache-2.0
#include <camaudit/census/census.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace camaudit::census {

using nlohmann::json;

namespace {

// Site contexts where capability-bearing cameras weigh most on the people watched
// (research/rights.md: children, patients, undressing).
const std::set<std::string> kSensitiveContexts = {"school", "hospital_ward", "changing_area"};
// Capabilities counted as "capability-bearing" for the sensitive-site share.
const std::vector<std::string> kHeadlineCapabilities = {"face_recognition", "anpr", "audio"};

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) {
    cell.erase(0, cell.find_first_not_of(" \t\r"));
    cell.erase(cell.find_last_not_of(" \t\r") + 1);
    cells.push_back(cell);
  }
  return cells;
}

std::size_t parse_count(const std::string& text, const std::string& where) {
  std::size_t used = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || text[0] == '-') throw std::runtime_error(where + ": '" + text + "' is not a count");
  return static_cast<std::size_t>(n);
}

using Members = std::vector<const Submission*>;

std::vector<std::string> ids(const Members& members) {
  std::vector<std::string> out;
  for (const Submission* s : members) out.push_back(s->organisation);
  return out;
}

// An organisation-level share: how many members have `has`, Wilson (+FPC), bounds.
template <class Predicate>
Figure prevalence(std::string measure, const Members& members, const std::optional<FrameRow>& frame,
                  std::optional<std::size_t> non_responders, Predicate has) {
  Figure f{std::move(measure), "organisations", {}, 0, members.size(), std::nullopt, false, "wilson", {}};
  Members with;
  for (const Submission* s : members)
    if (has(*s)) with.push_back(s);
  f.x = with.size();
  std::optional<std::size_t> population;
  if (frame && frame->population >= members.size()) population = frame->population;
  f.value = wilson(f.x, f.n, population);
  if (population) f.method = "wilson+fpc";
  if (non_responders) f.bounds = nonresponse_bounds(f.x, f.n, *non_responders);
  f.submissions = ids(with);
  return f;
}

std::size_t count_of(const std::map<std::string, std::size_t>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
}

void add_scale_figures(SectorCensus& sector, const Members& members, const std::optional<FrameRow>& frame,
                       const CensusOptions& o) {
  std::vector<Cluster> restricted;
  std::vector<double> totals;
  std::vector<Cluster> sensitive;  // capability-bearing devices at sensitive sites / all such devices
  for (const Submission* s : members) {
    restricted.push_back({static_cast<double>(s->restricted_maker_devices), static_cast<double>(s->devices)});
    totals.push_back(static_cast<double>(s->devices));
    double bearing = 0;
    for (const std::string& c : kHeadlineCapabilities) bearing += static_cast<double>(count_of(s->capabilities, c));
    bool at_sensitive = std::any_of(s->site_contexts.begin(), s->site_contexts.end(),
                                    [](const std::string& c) { return kSensitiveContexts.count(c) > 0; });
    sensitive.push_back({at_sensitive ? bearing : 0, bearing});
  }
  Figure share{"device_share.restricted_maker", "devices", ratio_bootstrap(restricted, o.replicates, o.seed),
               0, 0, std::nullopt, false, "ratio of sums, bootstrap over organisations", ids(members)};
  for (const Submission* s : members) {
    share.x += s->restricted_maker_devices;
    share.n += s->devices;
  }
  sector.figures.push_back(share);
  std::size_t population = frame ? std::max(frame->population, members.size()) : members.size();
  Figure total{"devices.total", "devices", total_bootstrap(totals, population, o.replicates, o.seed + 1),
               share.n, members.size(), std::nullopt, false,
               frame ? "responders' devices scaled to the frame, bootstrap over organisations"
                     : "responders' devices (no frame: not scaled), bootstrap over organisations",
               ids(members)};
  sector.figures.push_back(total);
  Figure at_sites{"device_share.capability_at_sensitive_sites", "devices",
                  ratio_bootstrap(sensitive, o.replicates, o.seed + 2), 0, 0, std::nullopt, false,
                  "ratio of sums, bootstrap over organisations", ids(members)};
  for (const Cluster& c : sensitive) {
    at_sites.x += static_cast<std::size_t>(c.y);
    at_sites.n += static_cast<std::size_t>(c.m);
  }
  sector.figures.push_back(at_sites);
}

SectorCensus sector_census(const std::string& name, const Members& members, const std::optional<FrameRow>& frame,
                           const std::set<std::string>& makers, const std::set<std::string>& jurisdictions,
                           const std::set<std::string>& capabilities, const CensusOptions& o) {
  SectorCensus sector;
  sector.sector = name;
  sector.responders = members.size();
  if (frame) {
    sector.population = frame->population;
    std::size_t asked = frame->invited.value_or(frame->population);
    sector.non_responders = asked > members.size() ? asked - members.size() : 0;
  }
  auto p = [&](std::string measure, auto has) {
    sector.figures.push_back(prevalence(std::move(measure), members, frame, sector.non_responders, has));
  };
  p("prevalence.restricted_maker", [](const Submission& s) { return s.restricted_maker_devices > 0; });
  for (const std::string& m : makers)
    p("prevalence.maker." + m, [&](const Submission& s) { return count_of(s.by_maker, m) > 0; });
  for (const std::string& j : jurisdictions)
    p("prevalence.jurisdiction." + j, [&](const Submission& s) { return count_of(s.restricted_by_jurisdiction, j) > 0; });
  p("prevalence.kev", [](const Submission& s) { return s.kev_devices > 0; });
  p("prevalence.biometric", [](const Submission& s) { return s.biometric_devices > 0; });
  for (const std::string& c : capabilities)
    p("prevalence.capability." + c, [&](const Submission& s) { return count_of(s.capabilities, c) > 0; });
  add_scale_figures(sector, members, frame, o);
  double score = 0;
  std::size_t scored = 0;
  for (const Submission* s : members) {
    sector.devices += s->devices;
    score += s->rights_score_sum;
    for (const auto& [band, n] : s->rights_bands) {
      sector.rights_bands[band] += n;
      scored += n;
    }
  }
  sector.mean_rights_score = scored ? score / static_cast<double>(scored) : 0;
  return sector;
}

// Organisation-count figures below the threshold are hidden; the per-maker table is then
// protected with complementary suppression so that no sector's maker row, nor any
// maker's column, reveals a hidden cell.
void suppress_small_cells(Census& census) {
  std::size_t t = census.options.threshold;
  std::vector<std::string> maker_measures;
  for (const SectorCensus& s : census.sectors)
    for (const Figure& f : s.figures)
      if (f.measure.starts_with("prevalence.maker.") &&
          std::find(maker_measures.begin(), maker_measures.end(), f.measure) == maker_measures.end())
        maker_measures.push_back(f.measure);
  std::vector<std::vector<std::size_t>> table;
  for (const SectorCensus& s : census.sectors) {
    std::vector<std::size_t> row;
    for (const std::string& m : maker_measures) {
      const Figure* f = s.find(m);
      row.push_back(f ? f->x : 0);
    }
    table.push_back(row);
  }
  Suppression hidden = suppress(table, t);
  for (std::size_t r = 0; r < census.sectors.size(); ++r)
    for (Figure& f : census.sectors[r].figures) {
      if (f.unit != "organisations") continue;
      auto column = std::find(maker_measures.begin(), maker_measures.end(), f.measure);
      if (column != maker_measures.end())
        f.suppressed = hidden.suppressed[r][static_cast<std::size_t>(column - maker_measures.begin())];
      else
        f.suppressed = f.x > 0 && f.x < t;
    }
}

std::string method_text(const Census& c) {
  return fmt::format(
      "Prevalence: organisations with at least one such device among the responders of a sector, Wilson score "
      "interval (z = 1.96){}; non-response: worst/best-case (Manski) bounds over the frame. Restricted maker: the "
      "device's real manufacturer (through any label) is flagged restricted in the knowledge base; per jurisdiction: a "
      "binding policy finding of that jurisdiction. Device share and total devices: ratio of sums over organisations "
      "with a percentile bootstrap resampling organisations ({} replicates, seed {}, seed+1 for totals, seed+2 for "
      "sensitive sites). National: stratified estimate p = sum W_h p_h, W_h = N_h / N{}. Suppression: organisation "
      "counts from 1 to {} shown as \"<{}\", with complementary suppression across the sector x maker table. "
      "Self-selected participants are not a probability sample: figures describe participating organisations.",
      c.frame ? ", with the finite population correction n_eff = n (N - 1) / (N - n) from the frame" : "",
      c.options.replicates, c.options.seed,
      c.frame ? " from the frame" : " (no frame: weights by responders)", c.options.threshold - 1, c.options.threshold);
}

}  // namespace

const Figure* SectorCensus::find(std::string_view measure) const {
  for (const Figure& f : figures)
    if (f.measure == measure) return &f;
  return nullptr;
}

Frame Frame::read_csv(const std::filesystem::path& file, const Vocabulary& vocabulary) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot read the frame");
  std::string line;
  std::getline(in, line);
  if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
  std::vector<std::string> header = split_csv_line(line);
  auto column = [&](const char* name) -> std::optional<std::size_t> {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? std::nullopt : std::optional<std::size_t>(it - header.begin());
  };
  auto sector_col = column("sector"), population_col = column("population");
  if (!sector_col || !population_col)
    throw std::runtime_error(file.string() + ":1: the header must name the columns 'sector' and 'population'");
  auto invited_col = column("invited"), refused_col = column("refused");
  Frame frame;
  for (std::size_t number = 2; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::vector<std::string> cells = split_csv_line(line);
    std::string where = file.string() + ":" + std::to_string(number);
    auto cell = [&](std::size_t i) { return i < cells.size() ? cells[i] : std::string(); };
    std::string sector = cell(*sector_col);
    if (!vocabulary.sectors.count(sector)) throw std::runtime_error(where + ": unknown sector '" + sector + "'");
    if (frame.sectors.count(sector)) throw std::runtime_error(where + ": sector '" + sector + "' given twice");
    FrameRow row{parse_count(cell(*population_col), where), std::nullopt, std::nullopt};
    if (invited_col && !cell(*invited_col).empty()) row.invited = parse_count(cell(*invited_col), where);
    if (refused_col && !cell(*refused_col).empty()) row.refused = parse_count(cell(*refused_col), where);
    if (row.invited && *row.invited > row.population)
      throw std::runtime_error(where + ": more organisations invited than the sector has");
    frame.sectors[sector] = row;
  }
  return frame;
}

Census compute(const std::vector<Submission>& submissions, const std::optional<Frame>& frame,
               const CensusOptions& options) {
  Census census;
  census.options = options;
  census.frame = frame.has_value();
  std::map<std::string, const Submission*> by_id;
  std::map<std::string, Members> by_sector;
  std::set<std::string> makers, jurisdictions, capabilities;
  for (const Submission& s : submissions) {
    if (auto [it, fresh] = by_id.emplace(s.organisation, &s); !fresh)
      throw std::invalid_argument("organisation '" + s.organisation + "' submitted twice: " + it->second->file + " and " + s.file);
    if (frame && !frame->sectors.count(s.sector))
      throw std::invalid_argument("the frame has no row for sector '" + s.sector + "' (" + s.file + ")");
    by_sector[s.sector].push_back(&s);
    census.submissions.push_back(s.organisation);
    if (s.restricted_maker_devices)
      for (const auto& [maker, n] : s.by_maker)
        if (n) makers.insert(maker);
    for (const auto& [j, n] : s.restricted_by_jurisdiction) jurisdictions.insert(j);
    for (const auto& [c, n] : s.capabilities) capabilities.insert(c);
  }
  // Per-maker prevalence is published for makers seen at organisations with restricted devices.
  std::vector<Stratum> strata;
  for (const auto& [name, members] : by_sector) {
    std::optional<FrameRow> row;
    if (frame) row = frame->sectors.at(name);
    census.sectors.push_back(sector_census(name, members, row, makers, jurisdictions, capabilities, options));
    const Figure* f = census.sectors.back().find("prevalence.restricted_maker");
    strata.push_back({f->x, f->n, row ? row->population : 0});
  }
  Figure national{"prevalence.restricted_maker", "organisations", stratified(strata), 0, 0, std::nullopt, false,
                  frame ? "stratified, frame weights" : "stratified, responder weights", census.submissions};
  for (const Stratum& s : strata) {
    national.x += s.x;
    national.n += s.n;
  }
  census.national.push_back(national);
  suppress_small_cells(census);
  census.method = method_text(census);
  return census;
}

namespace {
json figure_json(const Figure& f, std::size_t threshold) {
  json j = {{"measure", f.measure}, {"unit", f.unit}, {"method", f.method}, {"suppressed", f.suppressed},
            {"submissions", f.submissions}};
  if (f.suppressed) {
    j["x"] = "<" + std::to_string(threshold);
    j["n"] = f.n;
    return j;  // the share would reveal the count
  }
  j["estimate"] = f.value.estimate;
  j["low"] = f.value.low;
  j["high"] = f.value.high;
  j["x"] = f.x;
  j["n"] = f.n;
  if (f.bounds) j["bounds"] = {{"low", f.bounds->low}, {"high", f.bounds->high}};
  return j;
}
}  // namespace

json to_json(const Census& c) {
  json sectors = json::array();
  for (const SectorCensus& s : c.sectors) {
    json figures = json::array();
    for (const Figure& f : s.figures) figures.push_back(figure_json(f, c.options.threshold));
    sectors.push_back({{"sector", s.sector}, {"responders", s.responders},
                       {"population", s.population ? json(*s.population) : json(nullptr)},
                       {"non_responders", s.non_responders ? json(*s.non_responders) : json(nullptr)},
                       {"devices", s.devices}, {"rights_bands", s.rights_bands},
                       {"mean_rights_score", s.mean_rights_score}, {"figures", figures}});
  }
  json national = json::array();
  for (const Figure& f : c.national) national.push_back(figure_json(f, c.options.threshold));
  return {{"schema", "camaudit-census"}, {"schema_version", 1}, {"camaudit_version", CAMAUDIT_VERSION},
          {"submissions", c.submissions}, {"method", c.method},
          {"options", {{"replicates", c.options.replicates}, {"seed", c.options.seed}, {"threshold", c.options.threshold}}},
          {"sectors", sectors}, {"national", national}};
}

std::string to_csv(const Census& c) {
  std::string out = "sector,measure,unit,estimate,low,high,x,n,bounds_low,bounds_high,method,suppressed\n";
  auto row = [&](const std::string& sector, const Figure& f) {
    std::string x = f.suppressed ? "<" + std::to_string(c.options.threshold) : std::to_string(f.x);
    std::string numbers = f.suppressed ? ",," : fmt::format("{:.6f},{:.6f},{:.6f}", f.value.estimate, f.value.low, f.value.high);
    std::string bounds = f.bounds && !f.suppressed ? fmt::format("{:.6f},{:.6f}", f.bounds->low, f.bounds->high) : ",";
    out += fmt::format("{},{},{},{},{},{},{},\"{}\",{}\n", sector, f.measure, f.unit, numbers, x, f.n, bounds, f.method,
                       f.suppressed ? "yes" : "no");
  };
  for (const SectorCensus& s : c.sectors)
    for (const Figure& f : s.figures) row(s.sector, f);
  for (const Figure& f : c.national) row("national", f);
  return out;
}

}  // namespace camaudit::census
