// SPDX-License-Identifier: Apache-2.0
// Dahua web JSON-RPC (POST /RPC2_Login, /RPC2): the login challenge reveals the
// realm "Login to <serial>", the MAC and the password-hash scheme before any
// credential is checked (protocols.md §5.3, corpus dahua_rpc2login_1.txt).
#pragma once

#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <string_view>

namespace camaudit::protocol {

struct Rpc2Reply {
  FieldList values;  // the whole object flattened: "error.code", "params.realm", "session"
};

// Accepts the body alone or a whole HTTP response. Errors: not JSON, not an object.
Parsed<Rpc2Reply> parse_rpc2(std::string_view payload);

// Fields: rpc2.<flattened path> (rpc2.params.realm, rpc2.params.mac, rpc2.error.code, ...).
extern const Parser kRpc2Parser;

}  // namespace camaudit::protocol
