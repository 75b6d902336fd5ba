// SPDX-License-Identifier: Apache-2.0
// Certificates for camfarm's HTTPS ports: generated at run time with the subject and issuer
// a profile gives (the vendor's default certificate names), signed by one RSA key per
// process. Clients that check names see the vendor's DNs; nobody can verify the chain, as
// with the real self-signed device certificates.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <asio/ssl.hpp>

namespace camfarm {

// "C=CN, ST=ZJ, O=Zhejiang Dahua Technology Co.\,Ltd., CN=x" -> ordered (key, value) pairs.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_distinguished_name(
    std::string_view text, std::string* error);

// A server context whose certificate carries these names and is valid for `days` from
// yesterday. nullptr and *error on failure (bad DN, OpenSSL error).
std::shared_ptr<asio::ssl::context> make_tls_context(std::string_view subject,
                                                     std::string_view issuer, int days,
                                                     std::string* error);

}  // namespace camfarm
