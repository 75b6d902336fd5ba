// SPDX-License-Identifier: Apache-2.0
// The assessment stage against the real knowledge base: every check's data loads and
// passes its own examples; policy verdicts per organisation profile through every OEM
// label camfarm emulates; capabilities, rights scores, obligations and exposures; the
// profile file; the summary and --fail-on gates; and the devices identified from a real
// scan of the full camfarm estate (samples/scan-full-mix.jsonl) judged as its truth implies.
#include <camaudit/assess/assessor.hpp>
#include <camaudit/assess/policy.hpp>
#include <camaudit/assess/registry.hpp>
#include <camaudit/assess/summary.hpp>
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/identify/observation_reader.hpp>
#include <camaudit/source_paths.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include <unistd.h>

namespace camaudit::assess {
namespace {

struct Loaded {
  std::unique_ptr<kb::KnowledgeBase> kb;
  std::unique_ptr<Assessor> assessor;
  std::vector<kb::Problem> problems;
};

const Loaded& loaded() {
  static const Loaded* l = [] {
    auto* x = new Loaded;
    x->kb = kb::KnowledgeBase::load(CAMAUDIT_SOURCE_KB_DIR, x->problems);
    x->assessor = std::make_unique<Assessor>(CAMAUDIT_SOURCE_KB_DIR, *x->kb, x->problems);
    return x;
  }();
  return *l;
}

Profile org(const std::string& org_type, const std::string& jurisdiction, const std::string& site = "") {
  Profile p;
  p.org_type = org_type;
  p.jurisdictions = {jurisdiction};
  p.site_sensitivity = site;
  return p;
}

DeviceRecord assessed(std::map<std::string, std::string> fields, const Profile& profile) {
  DeviceRecord d = example_device(fields);
  loaded().assessor->assess(d, profile);
  return d;
}

const Finding* find(const DeviceRecord& d, const std::string& id) {
  for (const Finding& f : d.findings)
    if (f.id == id) return &f;
  return nullptr;
}

std::vector<const Finding*> of_kind(const DeviceRecord& d, FindingKind kind) {
  std::vector<const Finding*> out;
  for (const Finding& f : d.findings)
    if (f.kind == kind) out.push_back(&f);
  return out;
}

std::string problems_text(const std::vector<kb::Problem>& problems) {
  std::string out;
  for (const kb::Problem& p : problems) out += p.where.str() + ": " + p.message + "\n";
  return out;
}

TEST(AssessData, LoadsWithoutProblemsAndEveryExamplePasses) {
  ASSERT_TRUE(loaded().problems.empty()) << problems_text(loaded().problems);
  std::vector<kb::Problem> problems;
  loaded().assessor->self_test(problems);
  EXPECT_TRUE(problems.empty()) << problems_text(problems);
}

TEST(AssessData, ABrokenRuleIsReportedWithItsFileAndLine) {
  // A policy rule whose example expects the wrong verdict, an unknown entity and no source.
  auto dir = std::filesystem::temp_directory_path() / ("camaudit-assess-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "policy");
  for (const char* f : {"policy/entities.toml", "policy/org_types.toml"})
    std::filesystem::copy_file(std::filesystem::path(CAMAUDIT_SOURCE_KB_DIR) / f, dir / f);
  std::FILE* out = std::fopen((dir / "policy/bad.toml").c_str(), "w");
  std::fputs("schema = 1\n[[rule]]\nid = \"policy.bad\"\njurisdiction = \"US\"\ntitle = \"t\"\ninstrument = \"i\"\n"
             "section = \"s\"\nin_force = \"2020\"\nrequires = \"do_not_procure\"\nurl = \"u\"\nentities = [\"nobody\", \"hikvision\"]\n"
             "  [[rule.binds]]\n  org_types = [\"us_federal_agency\"]\n  verdict = \"prohibited\"\n  severity = \"high\"\n  summary = \"x\"\n"
             "  [[rule.example]]\n  device = { manufacturer = \"Hikvision\" }\n  expect = { us_federal_agency = \"allowed\" }\n",
             out);
  std::fclose(out);
  PolicyCheck check;
  std::vector<kb::Problem> problems;
  check.load(dir, *loaded().kb, problems);
  check.self_test(problems);
  std::string text = problems_text(problems);
  EXPECT_NE(text.find("policy/bad.toml:2: missing required field 'source'"), std::string::npos) << text;
  EXPECT_NE(text.find("unknown entity 'nobody'"), std::string::npos) << text;
  EXPECT_NE(text.find("policy/bad.toml:17: rule policy.bad for us_federal_agency: expected verdict 'allowed', got 'prohibited'"),
            std::string::npos)
      << text;
  std::filesystem::remove_all(dir);
}

// --- policy -----------------------------------------------------------------------------

const std::map<std::string, std::string> kHikvisionCamera{
    {"manufacturer", "Hikvision"}, {"model", "DS-2CD2385G1-I"}, {"device_type", "camera"}};

TEST(Policy, TheSameHikvisionCameraMeansSomethingDifferentForEachOrganisation) {
  struct Case {
    Profile profile;
    std::string rule, verdict;
    Severity severity;
    bool binding;
  };
  for (const Case& c : {
           Case{org("us_federal_agency", "US"), "policy.us.ndaa889.part_a", "prohibited_component", Severity::critical, true},
           Case{org("us_federal_contractor", "US"), "policy.us.ndaa889.part_b", "contract_eligibility_risk", Severity::high, true},
           Case{org("uk_central_government", "UK", "sensitive"), "policy.uk.hcws386", "removal_expected", Severity::high, true},
           Case{org("uk_school", "UK"), "policy.uk.call_for_ban_2022", "named_in_call_for_ban", Severity::info, false},
           Case{org("uk_school", "UK"), "policy.uk.hcws386", "not_binding", Severity::info, false},
       }) {
    DeviceRecord d = assessed(kHikvisionCamera, c.profile);
    const Finding* f = find(d, c.rule);
    ASSERT_NE(f, nullptr) << c.profile.org_type << " " << c.rule;
    EXPECT_EQ(f->verdict, c.verdict);
    EXPECT_EQ(f->severity, c.severity) << c.rule;
    EXPECT_EQ(f->details.value("binding", false), c.binding) << c.rule;
    ASSERT_FALSE(f->cites.empty());
    EXPECT_FALSE(f->cites.front().instrument.empty());
    EXPECT_FALSE(f->kb.empty());
    ASSERT_FALSE(f->rests_on.empty());
    EXPECT_EQ(f->rests_on.front().attribute, "manufacturer");
  }
  // The school is bound by nothing.
  EXPECT_FALSE(binding_restriction(assessed(kHikvisionCamera, org("uk_school", "UK"))));
  EXPECT_TRUE(binding_restriction(assessed(kHikvisionCamera, org("us_federal_agency", "US"))));
}

TEST(Policy, CoverageReachesThroughEveryOemLabelWithTheRelationsConfidence) {
  struct Label {
    std::string manufacturer, brand, model, relation;  // relation: expected confidence, "" for an own brand
  };
  for (const Label& l : {Label{"Hikvision", "EZVIZ", "CS-DB1C-A0-1E2W2FR", ""}, Label{"Hikvision", "HiLook", "NVR-104MH-C/4P", ""},
                         Label{"Hikvision", "LTS", "DS-2CD2385G1-I", "confirmed"}, Label{"Hikvision", "Annke", "I91BM", "confirmed"},
                         Label{"Dahua", "Lorex", "N843A8", "confirmed"}, Label{"Dahua", "Amcrest", "IP2M-841", "confirmed"},
                         Label{"Dahua", "Imou", "IPC-A26Z", ""}, Label{"Dahua", "CP Plus", "CP-UNC-DA21PL3-Y", "likely"},
                         Label{"Dahua", "Intelbras", "VIP-1230-D-G4", "likely"}, Label{"Dahua", "Luminys", "", "likely"}}) {
    DeviceRecord d = assessed({{"manufacturer", l.manufacturer}, {"brand", l.brand}, {"model", l.model}, {"device_type", "camera"}},
                              org("us_federal_agency", "US"));
    const Finding* f = find(d, "policy.us.ndaa889.part_a");
    ASSERT_NE(f, nullptr) << l.brand;
    EXPECT_EQ(f->verdict, "prohibited_component") << l.brand;
    EXPECT_NE(f->summary.find(l.brand), std::string::npos) << f->summary;
    if (l.relation.empty()) {
      EXPECT_EQ(f->details["coverage"], "subsidiary") << l.brand;
      continue;
    }
    EXPECT_EQ(f->details["coverage"], "label") << l.brand;
    EXPECT_EQ(f->details["relation_confidence"], l.relation) << l.brand;
    EXPECT_TRUE(std::any_of(f->rests_on.begin(), f->rests_on.end(), [](const RestsOn& r) { return r.attribute == "oem"; }));
  }
}

TEST(Policy, AxisBoschHanwhaAndPanasonicIProAreNotCoveredBy889) {
  for (auto [maker, brand, model] : {std::tuple{"Axis", "", "Q3505 Mk II"}, {"Bosch", "", "FLEXIDOME NDC-455-P"},
                                     {"Hanwha Vision", "", "XNF-9010RV"}, {"Avigilon", "", "5.0-H3-DP1"},
                                     {"Vivotek", "", "FD8134V"}, {"i-PRO", "Panasonic", "WV-NS202A"}}) {
    std::map<std::string, std::string> fields{{"manufacturer", maker}, {"model", model}, {"device_type", "camera"}};
    if (*brand) fields["brand"] = brand;
    for (const Profile& p : {org("us_federal_agency", "US"), org("us_federal_contractor", "US"), org("us_grant_recipient", "US")}) {
      DeviceRecord d = assessed(fields, p);
      EXPECT_TRUE(of_kind(d, FindingKind::policy).empty()) << maker << " " << p.org_type << ": " << of_kind(d, FindingKind::policy).front()->id;
    }
  }
}

TEST(Policy, AnUnknownProfileReportsEveryJurisdictionsViewLabelled) {
  DeviceRecord d = assessed(kHikvisionCamera, Profile{});
  std::set<std::string> jurisdictions;
  for (const Finding* f : of_kind(d, FindingKind::policy)) {
    EXPECT_EQ(f->verdict, "covered_profile_unknown") << f->id;
    EXPECT_EQ(f->details["profile"], "profile unknown");
    EXPECT_EQ(f->summary.rfind("profile unknown: ", 0), 0u) << f->summary;
    EXPECT_FALSE(f->details.value("binding", true));
    jurisdictions.insert(f->details["jurisdiction"].get<std::string>());
  }
  for (const char* j : {"US", "UK", "AU", "CA", "CA-QC", "US-LA"}) EXPECT_TRUE(jurisdictions.contains(j)) << j;
  const Finding* a = find(d, "policy.us.ndaa889.part_a");
  ASSERT_NE(a, nullptr);
  EXPECT_NE(a->summary.find("us_federal_agency/us_dod: prohibited_component"), std::string::npos) << a->summary;
}

TEST(Policy, AKnownJurisdictionWithoutAnOrgTypeGetsThatJurisdictionsViews) {
  Profile p;
  p.jurisdictions = {"UK"};
  DeviceRecord d = assessed(kHikvisionCamera, p);
  for (const Finding* f : of_kind(d, FindingKind::policy)) {
    EXPECT_EQ(f->details["jurisdiction"], "UK");
    EXPECT_EQ(f->details["profile"], "organisation type unknown");
  }
  EXPECT_NE(find(d, "policy.uk.hcws386"), nullptr);
  EXPECT_EQ(find(d, "policy.us.ndaa889.part_a"), nullptr);
}

TEST(Policy, ALabelWhoseMakerIsOnlyACandidateIsPossiblyCovered) {
  // Panasonic's non-WV lines: "Hikvision or Dahua", reported (kb/oem.toml).
  DeviceRecord d = assessed({{"brand", "Panasonic"}, {"model", "K-EF234L03E"}, {"device_type", "camera"}}, org("us_federal_agency", "US"));
  const Finding* f = find(d, "policy.us.ndaa889.part_a");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->verdict, "possibly_prohibited_component");
  EXPECT_LT(f->confidence, 0.5);
  EXPECT_EQ(f->severity, Severity::high);  // one step below the certain verdict
  EXPECT_FALSE(f->details.value("binding", true));
}

TEST(Policy, ALowConfidenceIdentificationSaysSo) {
  DeviceRecord d = assessed({{"manufacturer", "Dahua"}, {"model", "IPC-HDW1431T1-S4"}, {"certainty", "0.6"}}, org("us_federal_agency", "US"));
  const Finding* f = find(d, "policy.us.ndaa889.part_a");
  ASSERT_NE(f, nullptr);
  EXPECT_DOUBLE_EQ(f->confidence, 0.6);
  EXPECT_NE(f->summary.find("(confidence 0.60)"), std::string::npos) << f->summary;
}

TEST(Policy, StateAndProvincialRulesNeedTheirJurisdiction) {
  std::map<std::string, std::string> lorex{{"manufacturer", "Dahua"}, {"brand", "Lorex"}, {"model", "N843A8"}, {"device_type", "nvr"}};
  EXPECT_EQ(find(assessed(lorex, org("us_la_public_body", "US-LA")), "policy.us_la.rs39_1753_1")->verdict, "procurement_prohibited");
  EXPECT_EQ(find(assessed(lorex, org("us_state_agency", "US")), "policy.us_la.rs39_1753_1"), nullptr);
  EXPECT_EQ(find(assessed(lorex, org("ca_qc_public_body", "CA-QC")), "policy.ca_qc.directive_2023")->verdict, "risk_assessment_required");
}

// --- capabilities, rights, obligations ---------------------------------------------------

TEST(Capability, ModelGrammarsGiveCapableInferredWithEvidence) {
  DeviceRecord d = assessed({{"manufacturer", "Hikvision"}, {"model", "DS-2CD2386G2-IU"}, {"device_type", "camera"}}, Profile{});
  for (const char* c : {"audio", "infrared", "perimeter_protection"}) {
    const Finding* f = find(d, std::string("capability.") + c);
    ASSERT_NE(f, nullptr) << c;
    EXPECT_EQ(f->verdict, "capable_inferred");
    EXPECT_EQ(f->details["state"], "capable");
    EXPECT_FALSE(f->rule.empty());
    EXPECT_NE(std::find(d.capabilities.begin(), d.capabilities.end(), c), d.capabilities.end()) << c;
  }
  EXPECT_EQ(find(d, "capability.face_recognition"), nullptr);
}

TEST(Capability, OemLabelsUseTheMakersGrammarAndTheOriginalModel) {
  DeviceRecord d = assessed({{"manufacturer", "Dahua"}, {"brand", "Lorex"}, {"model", "N843A8"}, {"device_type", "nvr"}}, Profile{});
  d.original_model = "DHI-NVR4108HS-8P-I";
  loaded().assessor->assess(d, Profile{});
  EXPECT_NE(find(d, "capability.analytics"), nullptr);
  EXPECT_NE(find(d, "capability.onboard_storage"), nullptr);
  EXPECT_NE(find(d, "capability.cloud_p2p"), nullptr);
}

TEST(Capability, AFaceRecognitionAccessTerminalIsBiometric) {
  DeviceRecord d = assessed({{"manufacturer", "Hikvision"}, {"model", "DS-K1T341CMFW"}, {"device_type", "access_terminal"}}, Profile{});
  const Finding* f = find(d, "capability.face_recognition");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(f->details["biometric"].get<bool>());
  EXPECT_TRUE(biometric(d));
  EXPECT_TRUE(fails(d, FailOn::biometric));
}

TEST(Capability, WhatIdentificationEstablishedOutranksTheGrammar) {
  DeviceRecord d = example_device({{"manufacturer", "Hikvision"}, {"model", "DS-2DE4425IW-DE"}, {"device_type", "camera"}});
  d.capabilities = {"ptz"};
  d.evidence.push_back({"capability", "ptz", 0.95, 3, "isapi.deviceType", "IPDome", "isapi.ptz", "fingerprints/isapi.toml:9", 1});
  loaded().assessor->assess(d, Profile{});
  const Finding* f = find(d, "capability.ptz");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->verdict, "identified");
  EXPECT_DOUBLE_EQ(f->confidence, 0.95);
  EXPECT_EQ(f->rule, "isapi.ptz");
  EXPECT_EQ(f->details["evidence"].size(), 2u);  // the claim and the grammar, both shown
}

TEST(Rights, TheScoreExplainsItselfAndSiteContextRaisesIt) {
  std::map<std::string, std::string> terminal{{"manufacturer", "Hikvision"}, {"model", "DS-K1T341CMFW"}, {"device_type", "access_terminal"}};
  DeviceRecord plain = assessed(terminal, Profile{});
  ASSERT_TRUE(plain.rights);
  // face recognition capable 12 + two-way audio? no: a terminal; 12 points, no context.
  EXPECT_DOUBLE_EQ(plain.rights->score, 12);
  EXPECT_EQ(plain.rights->band, "low");
  Profile school = org("uk_school", "UK");
  school.site_contexts = {"school"};
  DeviceRecord at_school = assessed(terminal, school);
  EXPECT_DOUBLE_EQ(at_school.rights->score, 18);
  EXPECT_EQ(at_school.rights->band, "moderate");
  bool weight = false, context = false;
  for (const RightsFactor& f : at_school.rights->factors) {
    weight |= f.factor == "face_recognition" && f.contribution == 12 && f.kb.starts_with("rights/cris.toml:");
    context |= f.factor == "context:school" && f.contribution == 6;
  }
  EXPECT_TRUE(weight && context);
  Profile changing = school;
  changing.site_contexts = {"changing_area"};
  EXPECT_EQ(assessed(terminal, changing).rights->band, "critical");
}

TEST(Rights, ObligationsFollowTheJurisdiction) {
  std::map<std::string, std::string> terminal{{"manufacturer", "Hikvision"}, {"model", "DS-K1T341CMFW"}, {"device_type", "access_terminal"}};
  DeviceRecord uk = assessed(terminal, org("uk_school", "UK"));
  const Finding* art9 = find(uk, "rights.uk.biometric_special_category");
  ASSERT_NE(art9, nullptr);
  EXPECT_EQ(art9->verdict, "advisory");
  EXPECT_EQ(art9->cites.front().instrument, "UK GDPR");
  EXPECT_EQ(art9->rests_on.front().value, "face_recognition");
  EXPECT_EQ(find(uk, "rights.eu.ai_act_art5_rbi"), nullptr);
  DeviceRecord eu = assessed(terminal, org("eu_public_body", "EU"));
  EXPECT_NE(find(eu, "rights.eu.ai_act_art5_rbi"), nullptr);
  EXPECT_EQ(find(assessed(terminal, org("us_business", "US")), "rights.uk.dpia"), nullptr);
}

// --- exposure --------------------------------------------------------------------------

TEST(Exposure, FromWhatAnsweredAndTheEvidence) {
  DeviceRecord d = example_device({{"manufacturer", "Dahua"}, {"seen", "telnet/tcp/23,http/tcp/80,rtsp/tcp/554,dhip/udp/37810"}});
  d.evidence.push_back({"model", "IPC-HDW1431T1-S4", 0.9, 7, "onvif.Model", "IPC-HDW1431T1-S4", "onvif.model", "fingerprints/onvif.toml:5", 1});
  loaded().assessor->assess(d, Profile{});
  for (const char* id : {"exposure.telnet_open", "exposure.http_only", "exposure.discovery_unicast", "exposure.device_info_unauthenticated"})
    EXPECT_NE(find(d, id), nullptr) << id;
  EXPECT_EQ(find(d, "exposure.rtsp_unauthenticated"), nullptr);
  EXPECT_EQ(find(d, "exposure.device_info_unauthenticated")->rests_on.front().observation, 7u);
}

TEST(Exposure, ASharedCertificateNeedsTheWholeAudit) {
  std::vector<DeviceRecord> devices;
  for (int i = 0; i < 3; ++i) {
    DeviceRecord d = example_device({{"manufacturer", "Hikvision"}, {"seen", "tls/tcp/443"}});
    d.ip = d.key = "192.0.2." + std::to_string(10 + i);
    std::string cn = i < 2 ? "CN=IPC" : "CN=camera-" + std::to_string(i);
    d.evidence.push_back({"manufacturer", "Hikvision", 0.6, 1, "tls.subject", cn, "tls_subject.hik", "fingerprints/tls_subject.toml:3", 1});
    devices.push_back(std::move(d));
  }
  loaded().assessor->assess_audit(devices, Profile{});
  EXPECT_NE(find(devices[0], "exposure.shared_default_certificate"), nullptr);
  EXPECT_EQ(find(devices[1], "exposure.shared_default_certificate")->details["devices"], 2);
  EXPECT_EQ(find(devices[2], "exposure.shared_default_certificate"), nullptr);
}

// --- profile, summary -------------------------------------------------------------------

TEST(ProfileFile, ParsesAndRejectsMistakesWithTheirLine) {
  Profile p = parse_profile("organisation = \"Example Academy\"\njurisdiction = \"UK\"\norg_type = \"uk_school\"\n"
                            "site_sensitivity = \"standard\"\nsite_contexts = [\"school\", \"public_space\"]\n",
                            "school.toml");
  EXPECT_EQ(p.organisation, "Example Academy");
  EXPECT_EQ(p.jurisdictions, std::vector<std::string>{"UK"});
  EXPECT_EQ(p.site_contexts.size(), 2u);
  EXPECT_TRUE(loaded().assessor->profile_problems(p).empty());
  auto error = [](const char* text) {
    try {
      parse_profile(text, "p.toml");
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error("org_type = \"uk_school\"\norg_tpye = \"x\"\n"), "p.toml:2: unknown key 'org_tpye' (organisation, site, jurisdiction, org_type, sector, site_sensitivity, site_contexts)");
  EXPECT_EQ(error("jurisdiction = 3\n"), "p.toml:1: 'jurisdiction' must be a string or a list of strings");
  EXPECT_NE(error("org_type = \"uk_school\n").find("p.toml:1: TOML syntax"), std::string::npos);
  Profile typo = org("uk_schol", "UK");
  typo.site_contexts = {"classroom"};
  typo.site_sensitivity = "secret";
  auto problems = loaded().assessor->profile_problems(typo);
  ASSERT_EQ(problems.size(), 3u);  // checks in registry order: rights (contexts), policy (org types)
  EXPECT_EQ(problems[0].rfind("unknown site context 'classroom'", 0), 0u) << problems[0];
  EXPECT_EQ(problems[1].rfind("unknown org type 'uk_schol'", 0), 0u) << problems[1];
  EXPECT_THROW(load_profile("/nonexistent/profile.toml"), std::invalid_argument);
}

TEST(Summary, CountsAndGates) {
  DeviceRecord hik = assessed(kHikvisionCamera, org("us_federal_agency", "US"));
  DeviceRecord axis = assessed({{"manufacturer", "Axis"}, {"model", "M5014"}, {"device_type", "camera"}}, org("us_federal_agency", "US"));
  DeviceRecord kev = axis;
  Finding v;
  v.kind = FindingKind::vulnerability;
  v.id = "CVE-2017-7921";
  v.verdict = "affected";
  v.details = {{"kev", {{"dateAdded", "2022-03-03"}}}};
  kev.findings.push_back(v);
  AssessmentSummary s;
  for (const DeviceRecord* d : {&hik, &axis, &kev}) s.add(*d);
  EXPECT_EQ(s.assessed, 3u);
  EXPECT_EQ(s.binding, 1u);
  EXPECT_EQ(s.kev, 1u);
  EXPECT_EQ(s.critical, 1u);
  EXPECT_TRUE(fails(hik, FailOn::policy));
  EXPECT_TRUE(fails(hik, FailOn::critical));
  EXPECT_FALSE(fails(axis, FailOn::policy));
  EXPECT_TRUE(fails(kev, FailOn::kev));
  EXPECT_FALSE(fail_on_from_string("everything"));
  EXPECT_NE(s.text().find("covered by a binding restriction: 1"), std::string::npos);
}

// --- the full camfarm estate, identified from a real scan's observations ------------------

std::vector<DeviceRecord> identified_sample() {
  std::string path = std::string(CAMAUDIT_SOURCE_KB_DIR) + "/../samples/scan-full-mix.jsonl";
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (!in) return {};
  identify::Identifier identifier(*loaded().kb);
  identify::ObservationReader reader(in);
  reader.read([&](Observation&& o) { identifier.add(o); }, [](const identify::ReadError&) {});
  std::fclose(in);
  std::vector<DeviceRecord> out;
  for (const identify::Device& d : identifier.finish())
    out.push_back(device_record_from_json(nlohmann::json::parse(identify::device_to_json_line(d))));
  return out;
}

TEST(Estate, EveryRestrictedMakerIsCoveredAndNoOtherIs) {
  std::vector<DeviceRecord> devices = identified_sample();
  ASSERT_GT(devices.size(), 100u);
  loaded().assessor->assess_audit(devices, org("us_federal_agency", "US"));
  std::map<std::string, std::size_t> covered, not_covered;
  std::size_t biometric_devices = 0;
  for (const DeviceRecord& d : devices) {
    if (!d.manufacturer) continue;
    bool restricted = *d.manufacturer == "Hikvision" || *d.manufacturer == "Dahua";
    bool bound = binding_restriction(d);
    EXPECT_EQ(bound, restricted) << d.ip << " " << *d.manufacturer << " " << d.brand.value_or("");
    (bound ? covered : not_covered)[d.brand.value_or(*d.manufacturer)]++;
    if (d.model) (bound ? covered : not_covered)[*d.model]++;
    biometric_devices += biometric(d);
    EXPECT_TRUE(d.assessed);
    EXPECT_TRUE(d.rights.has_value());
  }
  // Labels identification reports, and models whose label the scan cannot see (camfarm's
  // EZVIZ doorbell, Annke cameras, Interlogix TruVision NVR answer as Hikvision).
  for (const char* label : {"Hikvision", "Dahua", "HiLook", "Lorex", "Amcrest", "Imou", "CP Plus", "Intelbras",
                            "CS-DB1C-A0-1E2W2FR", "I91BM", "TVN-2216P", "DS-K1T341CMFW"})
    EXPECT_GT(covered[label], 0u) << label;
  EXPECT_GT(biometric_devices, 0u);  // the face-recognition access terminals
  for (const char* label : {"Axis", "Bosch", "Hanwha Vision", "Panasonic", "Avigilon", "WV-NS202A"}) EXPECT_GT(not_covered[label], 0u) << label;
}

}  // namespace
}  // namespace camaudit::assess
