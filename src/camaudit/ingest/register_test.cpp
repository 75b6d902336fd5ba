// SPDX-License-Identifier: Apache-2.0
// The register importer on its own (no KB): encodings, delimiters, header search,
// column roles, free text, quantities, rejected rows, XLSX reading and its limits.
// What each row is identified as is tested end to end in tests/ingest/.
#include <camaudit/source_paths.hpp>
#include <camaudit/ingest/csv.hpp>
#include <camaudit/ingest/register.hpp>
#include <camaudit/ingest/register_table.hpp>
#include <camaudit/ingest/text_decode.hpp>
#include <camaudit/ingest/xlsx.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <zip.h>

#include <cstdio>
#include <filesystem>

namespace camaudit::ingest {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kRegisters =
    std::filesystem::path(CAMAUDIT_SOURCE_KB_DIR).parent_path() / "tests" / "ingest" / "registers";

struct Imported {
  ImportReport report;
  std::vector<Observation> observations;
};

Imported import_bytes(const std::string& bytes, ImportOptions options = {}) {
  Imported out;
  std::FILE* f = fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb");
  out.report = kRegisterImporter.run({"mem.csv", f}, options, [&](Observation&& o) { out.observations.push_back(o); });
  std::fclose(f);
  return out;
}

Imported import_file(const std::string& name, ImportOptions options = {}) {
  Imported out;
  const std::string path = (kRegisters / name).string();
  std::FILE* f = std::fopen(path.c_str(), "rb");
  EXPECT_NE(f, nullptr) << path;
  if (!f) return out;
  out.report = kRegisterImporter.run({path, f}, options, [&](Observation&& o) { out.observations.push_back(o); });
  std::fclose(f);
  return out;
}

nlohmann::json payload(const Observation& o) { return nlohmann::json::parse(o.payload); }

TEST(TextDecode, EveryCommonEncoding) {
  EXPECT_EQ(decode_text("\xEF\xBB\xBF" "Caf\xC3\xA9").text, "Caf\xC3\xA9");
  EXPECT_EQ(decode_text("\xEF\xBB\xBF" "Caf\xC3\xA9").encoding, "utf-8-bom");
  EXPECT_EQ(decode_text(std::string("\xFF\xFE" "C\0a\0f\0\xE9\0", 10)).text, "Caf\xC3\xA9");
  EXPECT_EQ(decode_text(std::string("\xFE\xFF" "\0C\0a\0f\0\xE9", 10)).encoding, "utf-16be");
  EXPECT_EQ(decode_text(std::string("M\0a\0k\0e\0,\0M\0o\0d\0e\0l\0", 20)).encoding, "utf-16le");  // no BOM
  EXPECT_EQ(decode_text("Caf\xE9 \x80").text, "Caf\xC3\xA9 \xE2\x82\xAC");  // Windows-1252 euro sign
  EXPECT_EQ(decode_text("Caf\xE9").encoding, "windows-1252");
  EXPECT_EQ(decode_text("plain").encoding, "utf-8");
  EXPECT_TRUE(valid_utf8(decode_text("\xC0\xAF\xED\xA0\x80\xF5").text));  // wrong bytes still give UTF-8
}

TEST(Csv, SniffsDelimiterAndQuoting) {
  EXPECT_EQ(sniff_delimiter("a;b;c\n1;2;3\n"), ';');
  EXPECT_EQ(sniff_delimiter("a\tb\n1\t\"x,y,z\"\n"), '\t');
  EXPECT_EQ(sniff_delimiter("a|b|c\n1|2|3\n"), '|');
  EXPECT_EQ(sniff_delimiter("make,model\n\"a;b\",c\n"), ',');
  const Grid g = read_csv("Make,Model\r\n\"Axis, AB\",\"P\"\"1\"\r\n\"multi\nline\",x\n", 100);
  ASSERT_EQ(g.rows.size(), 3u);
  EXPECT_EQ(g.rows[1].cells[0], "Axis, AB");
  EXPECT_EQ(g.rows[1].cells[1], "P\"1");
  EXPECT_EQ(g.rows[2].cells[0], "multi\nline");
  EXPECT_EQ(g.rows[2].number, 3u);
}

TEST(Csv, UnterminatedQuoteAndHugeCellRejectTheirRow) {
  const Grid g = read_csv("Make,Model\nHikvision,\"DS-2CD\n", 100);
  ASSERT_EQ(g.rows.size(), 2u);
  EXPECT_THAT(g.rows[1].problem, HasSubstr("never closed"));
  const std::string big = "Make,Model\nHikvision," + std::string(10 << 20, 'x') + "\nDahua,IPC-HDW1230S\n";
  const Grid h = read_csv(big, 100);
  ASSERT_EQ(h.rows.size(), 3u);
  EXPECT_THAT(h.rows[1].problem, HasSubstr("longer than 65536 bytes"));
  EXPECT_EQ(h.rows[1].cells[1].size(), kMaxCellBytes);
  EXPECT_TRUE(h.rows[2].problem.empty());
}

TEST(RegisterTable, HeaderRoles) {
  EXPECT_EQ(role_of_header("Make"), Role::make);
  EXPECT_EQ(role_of_header("Manufacturer"), Role::make);
  EXPECT_EQ(role_of_header("Brand"), Role::make);
  EXPECT_EQ(role_of_header("Model No."), Role::model);
  EXPECT_EQ(role_of_header("Make/Model"), Role::text);
  EXPECT_EQ(role_of_header("Serial No."), Role::serial);
  EXPECT_EQ(role_of_header("S/N"), Role::serial);
  EXPECT_EQ(role_of_header("MAC Address"), Role::mac);
  EXPECT_EQ(role_of_header("IP Address"), Role::ip);
  EXPECT_EQ(role_of_header("Camera Location"), Role::location);
  EXPECT_EQ(role_of_header("Site name"), Role::site);
  EXPECT_EQ(role_of_header("Install Date"), Role::install_date);
  EXPECT_EQ(role_of_header("Date installed"), Role::install_date);
  EXPECT_EQ(role_of_header("Qty"), Role::quantity);
  EXPECT_EQ(role_of_header("No. of cameras"), Role::quantity);
  EXPECT_EQ(role_of_header("Description"), Role::text);
  EXPECT_EQ(role_of_header("Asset ID"), std::nullopt);
  EXPECT_EQ(role_of_header("Notes"), std::nullopt);
}

TEST(RegisterTable, FreeTextSplitsAtTheModelCode) {
  auto split = [](std::string_view t) {
    MakeModel m = split_free_text(t);
    return m.make + "|" + m.model;
  };
  EXPECT_EQ(split("ANNKE C500"), "ANNKE|C500");
  EXPECT_EQ(split("HIK VISION DS-2CD2143G0-I"), "HIK VISION|DS-2CD2143G0-I");
  EXPECT_EQ(split("Samsung Wisenet 8MP"), "Samsung Wisenet 8MP|");
  EXPECT_EQ(split("Dahua/Lorex NVR"), "Dahua/Lorex NVR|");
  EXPECT_EQ(split("Honeywell 30 Series"), "Honeywell 30 Series|");
  EXPECT_EQ(split("Axis M3106-L Mk II dome"), "Axis|M3106-L");
  EXPECT_EQ(split("4K 2.8mm H.265 Hikvision DS-2CD2386G2-IU"), "4K 2.8mm H.265 Hikvision|DS-2CD2386G2-IU");
}

TEST(RegisterTable, QuantitiesAndDates) {
  std::string e;
  EXPECT_EQ(parse_quantity("3", e), 3u);
  EXPECT_EQ(parse_quantity("2.0", e), 2u);
  EXPECT_EQ(parse_quantity("4 units", e), 4u);
  EXPECT_EQ(parse_quantity("ten", e), std::nullopt);
  EXPECT_THAT(e, HasSubstr("not a whole number"));
  EXPECT_EQ(parse_quantity("0", e), std::nullopt);
  EXPECT_EQ(parse_quantity("99999999999", e), std::nullopt);
  EXPECT_EQ(parse_quantity("1.5", e), std::nullopt);
  EXPECT_EQ(excel_date("44197"), "2021-01-01");
  EXPECT_EQ(excel_date("44685.5"), "2022-05-04");
  EXPECT_EQ(excel_date("2019"), "2019");
  EXPECT_EQ(excel_date("12/03/2019"), "12/03/2019");
}

TEST(RegisterImport, CouncilCsvWithTitleBlockAndFillDownSite) {
  const Imported r = import_file("council_utf8bom_comma.csv");
  ASSERT_FALSE(r.report.error) << *r.report.error;
  EXPECT_EQ(r.report.counts.at("header row"), 4u);
  EXPECT_THAT(r.report.tool, HasSubstr("utf-8-bom"));
  ASSERT_EQ(r.observations.size(), 8u);  // 6 rows with one camera, one with two; one blank-ish row
  const Observation& first = r.observations[0];
  EXPECT_EQ(first.make, "Hikvision");
  EXPECT_EQ(first.model, "DS-2CD2143G0-I");
  EXPECT_EQ(first.ip, "10.20.1.11");
  EXPECT_EQ(first.protocol, "register");
  EXPECT_EQ(first.device, "register:council_utf8bom_comma.csv:5");
  EXPECT_EQ(payload(first)["serial"], "DS-2CD2143G0-I20190312AAWRD12345678");
  EXPECT_EQ(payload(first)["location"], "Reception, ground floor");
  EXPECT_EQ(payload(r.observations[1])["site"], "Town Hall");  // the merged site, filled down
  EXPECT_EQ(r.observations[1].make, "HIK VISION");
  EXPECT_EQ(r.observations[4].device, "register:council_utf8bom_comma.csv:9#1");
  EXPECT_EQ(r.observations[5].device, "register:council_utf8bom_comma.csv:9#2");
  EXPECT_EQ(payload(r.observations[5])["units"], 2);
  // "Plant room" with nothing else: a row that names no device is kept, not dropped.
  EXPECT_EQ(r.observations[6].make, "");
  EXPECT_EQ(payload(r.observations[6])["location"], "Plant room");
}

TEST(RegisterImport, Cp1252SemicolonsQuantityTotalAndRejectedRow) {
  const Imported r = import_file("foi_return_cp1252_semicolon.csv");
  EXPECT_THAT(r.report.tool, HasSubstr("windows-1252"));
  EXPECT_THAT(r.report.tool, HasSubstr("delimiter ;"));
  EXPECT_EQ(r.report.records, 5u);
  EXPECT_EQ(r.observations.size(), 4u + 1 + 2 + 1);
  EXPECT_EQ(payload(r.observations[0])["location"], "Caf\xC3\xA9 entrance");
  ASSERT_EQ(r.report.rejected.size(), 1u);
  EXPECT_EQ(r.report.rejected[0].where, 9u);
  EXPECT_THAT(r.report.rejected[0].reason, HasSubstr("\"ten\""));
  EXPECT_EQ(r.report.counts.at("total rows"), 1u);
}

TEST(RegisterImport, Utf16TabsFreeText) {
  const Imported r = import_file("school_utf16le_tab.csv");
  ASSERT_EQ(r.observations.size(), 6u);
  EXPECT_EQ(r.observations[0].make, "HIK VISION");
  EXPECT_EQ(r.observations[0].model, "DS-2CD2143G0-I");
  EXPECT_EQ(r.observations[3].make, "ANNKE");
  EXPECT_EQ(r.observations[3].model, "C500");
  EXPECT_EQ(payload(r.observations[2])["text"], "Samsung Wisenet 8MP");
}

TEST(RegisterImport, Latin1PipesSectionHeadings) {
  const Imported r = import_file("hospital_pipe_latin1.csv");
  ASSERT_EQ(r.observations.size(), 5u);
  EXPECT_EQ(r.report.counts.at("section headings"), 2u);
  EXPECT_EQ(payload(r.observations[0])["site"], "Block A");
  EXPECT_EQ(payload(r.observations[2])["site"], "Block B");
  EXPECT_EQ(r.observations[1].make, "Axis");
  EXPECT_EQ(r.observations[1].model, "M3106-L");
  EXPECT_EQ(payload(r.observations[3])["location"], "Caf\xC3\xA9");
}

TEST(RegisterImport, XlsxMergedSitesDatesQuantities) {
  const Imported r = import_file("estates_merged.xlsx");
  ASSERT_FALSE(r.report.error) << *r.report.error;
  EXPECT_EQ(r.report.counts.at("header row"), 3u);
  ASSERT_EQ(r.observations.size(), 3u + 1 + 2 + 1 + 1);
  EXPECT_EQ(r.observations[0].model, "DS-2CD2386G2-IU");
  EXPECT_EQ(payload(r.observations[0])["install_date"], "2022-05-04");
  EXPECT_EQ(payload(r.observations[3])["site"], "North Campus");
  EXPECT_EQ(payload(r.observations[5])["site"], "North Campus");
  EXPECT_EQ(payload(r.observations[7])["site"], "South Campus");
  EXPECT_EQ(r.observations[7].make, "HiLook");
}

TEST(RegisterImport, ColumnsOverride) {
  EXPECT_THAT(*import_file("trust_columns.xlsx").report.error, HasSubstr("--columns"));
  ImportOptions o;
  o.columns = {{"make", "Supplier"}, {"model", "type"}, {"location", "Where"}};
  const Imported r = import_file("trust_columns.xlsx", o);
  ASSERT_FALSE(r.report.error) << *r.report.error;
  ASSERT_EQ(r.observations.size(), 4u);
  EXPECT_EQ(r.observations[0].make, "Tiandy");
  EXPECT_EQ(r.observations[0].model, "TC-C32XN");
  EXPECT_EQ(payload(r.observations[2])["location"], "Bike shed");
  // A note pasted into the make cell: Excel (and openpyxl) cap cells at 32767 characters,
  // under kMaxCellBytes, so the row is kept; the register parser cuts the cell to 1 KiB
  // and records it as unparsed. Oversized cells are rejected in CSV (above).
  EXPECT_EQ(r.observations[3].make.size(), 32767u);
  EXPECT_EQ(r.report.rejected_count, 0u);
  o.columns = {{"colour", "Supplier"}};
  EXPECT_THAT(*import_file("trust_columns.xlsx", o).report.error, HasSubstr("unknown column"));
}

TEST(RegisterImport, BadInputIsAClearError) {
  EXPECT_THAT(*import_bytes("").report.error, HasSubstr("no rows"));
  EXPECT_THAT(*import_bytes("just,some\nnumbers,here\n").report.error, HasSubstr("no header row"));
  EXPECT_THAT(*import_bytes(std::string("PK\x03\x04garbage", 11)).report.error, HasSubstr("not a readable XLSX"));
  ImportOptions small;
  small.max_bytes = 10;
  EXPECT_THAT(*import_bytes("Make,Model\nAxis,P1\n", small).report.error, HasSubstr("larger than"));
}

// An in-memory zip with the given parts, stored or deflated by libzip.
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  zip_t* z = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  for (const auto& [name, data] : parts) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
  }
  zip_close(z);
  zip_source_open(out);
  zip_source_seek(out, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(out);
  zip_source_seek(out, 0, SEEK_SET);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  zip_source_read(out, bytes.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&error);
  return bytes;
}

TEST(RegisterImport, XlsxZipBombStopsAtThePartCap) {
  std::string sheet = "<worksheet><sheetData>";
  sheet.append(kMaxPartBytes + 1024, ' ');  // compresses to about 100 KiB
  sheet += "</sheetData></worksheet>";
  const std::string bomb = make_zip({{"xl/worksheets/sheet1.xml", sheet}});
  sheet.clear();
  sheet.shrink_to_fit();
  EXPECT_LT(bomb.size(), 1u << 20);
  const Imported r = import_bytes(bomb);
  ASSERT_TRUE(r.report.error);
  EXPECT_THAT(*r.report.error, HasSubstr("zip bomb"));
  EXPECT_TRUE(r.observations.empty());
}

TEST(RegisterImport, XlsxMillionRowsStopsAtTheRowCap) {
  std::string sheet = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Make</t></is></c>"
                      "<c r=\"B1\" t=\"inlineStr\"><is><t>Model</t></is></c></row>";
  for (int i = 2; i <= 1'000'001; ++i)
    sheet += "<row><c t=\"inlineStr\"><is><t>Axis</t></is></c><c t=\"inlineStr\"><is><t>P1</t></is></c></row>";
  sheet += "</sheetData></worksheet>";
  const Imported r = import_bytes(make_zip({{"xl/worksheets/sheet1.xml", sheet}}));
  ASSERT_TRUE(r.report.error);
  // Either cap may be the one that stops it; both say so, and nothing unbounded happens.
  EXPECT_THAT(*r.report.error, ::testing::AnyOf(HasSubstr("row limit"), HasSubstr("MiB uncompressed")));
  EXPECT_LE(r.observations.size(), ImportOptions{}.max_rows);
}

TEST(RegisterImport, XmlBombInSharedStringsIsInert) {
  const std::string strings = R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><sst><si><t>&lol3;</t></si><si><t>Model</t></si></sst>)";
  const std::string sheet = R"(<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData></worksheet>)";
  const Imported r = import_bytes(make_zip({{"xl/sharedStrings.xml", strings}, {"xl/worksheets/sheet1.xml", sheet}}));
  ASSERT_TRUE(r.report.error);  // no header: the entity was never expanded into anything
  EXPECT_TRUE(r.observations.empty());
}

}  // namespace
}  // namespace camaudit::ingest
