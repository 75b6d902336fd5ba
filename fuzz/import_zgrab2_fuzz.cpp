// SPDX-License-Identifier: Apache-2.0
#include "fuzz_importer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) { return fuzz_importer("zgrab2", d, n); }
