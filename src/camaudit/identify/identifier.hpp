// SPDX-License-Identifier: Apache-2.0
// Identification: observations in, devices out. Each observation is parsed and
// matched as it arrives and only its claims are kept, so memory grows with what was
// learnt, not with payload bytes. `finish` then resolves each device:
//   1. claims from fields (rules in kb/fingerprints/);
//   2. the MAC's OUI registrant, mapped to a vendor;
//   3. derived fields (device.model, .original_model, .firmware, .serial) matched
//      against the model/firmware/serial grammars;
//   4. brands mapped to their real manufacturer through kb/oem.toml (per product
//      line where a relation has a model pattern), or a vendor's parent company;
//   5. per attribute, claims grouped by value and combined across distinct rules
//      (1 - Π(1 - c)), best first; repeats of one rule count once.
// Identical claims (same attribute, value, rule, field and matched text, as repeated
// identical observations make) are kept once with a count, and so are identical
// unparsed errors: 100,000 copies of one reply cost one claim each, not 100,000.
#pragma once

#include <camaudit/core/observation.hpp>
#include <camaudit/identify/device.hpp>
#include <camaudit/kb/knowledge_base.hpp>

#include <unordered_map>
#include <vector>

namespace camaudit::identify {

// How field values find their rules: one Hyperscan pass per value (the real thing),
// or every rule's regex tried in turn (the baseline the benchmark compares against).
enum class MatchStrategy { hyperscan, one_by_one };

class Identifier {
 public:
  explicit Identifier(const kb::KnowledgeBase& kb, MatchStrategy strategy = MatchStrategy::hyperscan)
      : m_kb(kb), m_strategy(strategy) {}

  // Parses and matches one observation and files its claims under its device: its
  // `device` key, or its ip when the key is empty.
  void add(const Observation& obs);
  // Resolves every device seen so far, in first-seen order, and forgets them.
  std::vector<Device> finish();

  // The field-level step on its own (parse + match), for benchmarks and tests.
  // Appends claims to `claims`; returns the parse error, if any.
  std::optional<std::string> claims_for(const Observation& obs, std::vector<Claim>& claims) const;

 private:
  void resolve(Device& device) const;
  void add_oui_claims(Device& device) const;
  void add_derived_claims(Device& device) const;
  void add_oem_claims(Device& device) const;
  void note_unknown_brand(Device& device) const;

  // Files claims [first, end) of `device` once each: a repeat bumps the earlier one's count.
  void fold_repeats(std::size_t device, std::size_t first);

  const kb::KnowledgeBase& m_kb;
  MatchStrategy m_strategy;
  std::vector<Device> m_devices;
  // Per device (same index as m_devices): identity of each claim -> its index in claims,
  // and of each unparsed error ("\1unparsed\0" protocol "\0" error) -> its index in unparsed.
  std::vector<std::unordered_map<std::string, std::size_t>> m_claim_index;
  std::string m_key_buffer;
  std::unordered_map<std::string, std::size_t> m_index;  // device key -> m_devices
  std::string m_seen_buffer;  // "http/tcp/80" of the observation being added
};

// Ranks the claims of one device (step 5); exposed for tests.
std::map<Attribute, std::vector<RankedValue>> rank(const std::vector<Claim>& claims);

}  // namespace camaudit::identify
