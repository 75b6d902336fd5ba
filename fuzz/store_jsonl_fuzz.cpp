// SPDX-License-Identifier: Apache-2.0
// `camaudit store import`: the bytes as a JSON Lines export read into a real SQLite store.
// Import validates the whole file before it writes, so a rejected file (StoreError) must
// leave the store's audits exactly as they were; anything else (a crash, a sanitizer
// report, another exception, a changed store after a refusal) is a bug. The store file
// is made afresh every 500 inputs so it stays small.
#include <camaudit/store/jsonl.hpp>

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

namespace {

std::unique_ptr<camaudit::store::Store> fresh_store() {
  static const std::string path =
      (std::filesystem::temp_directory_path() / ("camaudit-store-fuzz-" + std::to_string(::getpid()) + ".db")).string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return camaudit::store::Store::open(path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static std::unique_ptr<camaudit::store::Store> store;
  static std::size_t runs = 0;
  if (!store || ++runs % 500 == 0) {
    store.reset();
    store = fresh_store();
  }
  const std::size_t before = store->audits().size();
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    camaudit::store::import_jsonl(*store, in, "fuzz");
  } catch (const camaudit::store::StoreError&) {
    if (store->audits().size() != before) std::abort();  // a refused import wrote something
  }
  return 0;
}
