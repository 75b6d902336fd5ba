// SPDX-License-Identifier: Apache-2.0
// The census: many organisations' submissions combined into sector statistics with
// honest uncertainty (census/stats.hpp has the formulas):
//   * prevalence per sector — the share of organisations with at least one device of a
//     restricted maker (overall, per maker, per jurisdiction's own definition), KEV and
//     biometric prevalence — Wilson intervals, with the finite population correction
//     when the frame gives the sector's size, and Manski bounds for non-response;
//   * scale — devices per sector (scaled to the frame) and the restricted makers' device
//     share, bootstrap over organisations with a fixed seed;
//   * capabilities and rights impact — prevalence, rights bands, and the share of
//     capability-bearing devices at sensitive site types;
//   * national figures weighted by the frame (stratified), and small-cell suppression.
// Every figure lists the submissions it came from; Census::method says how, so a
// reviewer can reproduce it.
#pragma once

#include <camaudit/census/stats.hpp>
#include <camaudit/census/submission.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace camaudit::census {

// The sampling frame: how many organisations each sector has, and how many were asked
// and refused, from a CSV with the header `sector,population[,invited][,refused]`.
struct FrameRow {
  std::size_t population = 0;
  std::optional<std::size_t> invited, refused;
};
struct Frame {
  std::map<std::string, FrameRow> sectors;
  // Throws std::runtime_error naming file:line on a malformed frame.
  static Frame read_csv(const std::filesystem::path& file, const Vocabulary& vocabulary);
};

struct Figure {
  std::string measure;  // "prevalence.restricted_maker", "prevalence.maker.Dahua", "devices.total", ...
  std::string unit;     // "organisations" (a share of them), "devices" (a share or a total)
  Interval value;
  std::size_t x = 0, n = 0;          // counted / out of (organisations or devices)
  std::optional<Interval> bounds;    // non-response bounds over the frame
  bool suppressed = false;           // fewer than the threshold: shown as "<5"
  std::string method;                // "wilson", "wilson+fpc", "bootstrap", "stratified", ...
  std::vector<std::string> submissions;  // organisation ids it came from
};

struct SectorCensus {
  std::string sector;
  std::size_t responders = 0;
  std::optional<std::size_t> population, non_responders;
  std::size_t devices = 0;
  std::vector<Figure> figures;
  std::map<std::string, std::size_t> rights_bands;
  double mean_rights_score = 0;
  const Figure* find(std::string_view measure) const;
};

struct CensusOptions {
  std::size_t replicates = 2000;
  std::uint64_t seed = 20221122;
  std::size_t threshold = 5;  // small-cell suppression
};

struct Census {
  std::vector<SectorCensus> sectors;
  std::vector<Figure> national;
  std::vector<std::string> submissions;  // every organisation id, in input order
  CensusOptions options;
  bool frame = false;
  std::string method;  // formulas, seeds, thresholds in plain words
};

// Throws std::invalid_argument (naming the files) on duplicate organisations and on a
// frame that lacks a sector some submission declares.
Census compute(const std::vector<Submission>& submissions, const std::optional<Frame>& frame,
               const CensusOptions& options = {});

// A figure published before (kb/census/published.toml: the 2022 investigation's shares),
// shown beside the census's own for the same sector.
struct PublishedFigure {
  std::string sector, label, source;
  std::size_t n = 0;
  double share = 0;
};
// Throws std::runtime_error naming the file on a malformed file.
std::vector<PublishedFigure> load_published(const std::filesystem::path& kb_dir);

nlohmann::json to_json(const Census& census);
std::string to_csv(const Census& census);
// One self-contained page (inline CSS and SVG, no script, strict CSP): per-sector figures
// with interval bars, the comparison with published figures, the method.
std::string to_html(const Census& census, const std::vector<PublishedFigure>& published = {});

}  // namespace camaudit::census
