// SPDX-License-Identifier: Apache-2.0
// Asset registers and FOI returns: a CSV (any common encoding and delimiter) or an
// XLSX workbook's first sheet, one `register` observation per camera (a row, times its
// quantity). Make and model go in Observation::make/model; the row's other fields
// (serial, MAC, IP, site, location, install date, every cell by its header) go in the
// payload as a JSON object. How the sheet is read: register_table.hpp.
#pragma once

#include <camaudit/ingest/importer.hpp>

namespace camaudit::ingest {

extern const Importer kRegisterImporter;

}  // namespace camaudit::ingest
