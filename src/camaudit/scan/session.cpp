// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/session.hpp>


namespace camaudit::scan {

std::string_view to_string(Reply::Status status) {
  switch (status) {
    case Reply::Status::ok: return "ok";
    case Reply::Status::refused: return "refused";
    case Reply::Status::timeout: return "timeout";
    case Reply::Status::failed: return "failed";
    case Reply::Status::out_of_scope: return "out_of_scope";
  }
  return "?";
}

}  // namespace camaudit::scan
