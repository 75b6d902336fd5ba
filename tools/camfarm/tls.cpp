// SPDX-License-Identifier: Apache-2.0
#include "tls.hpp"

#include <mutex>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "camaudit/util/text.hpp"

namespace camfarm {

namespace {

// One key for the whole process: RSA-2048 takes ~0.1 s to make, a certificate ~0.1 ms.
EVP_PKEY* process_key() {
  static EVP_PKEY* key = nullptr;
  static std::once_flag once;
  std::call_once(once, [] { key = EVP_RSA_gen(2048); });
  return key;
}

bool fill_name(X509_NAME* name, std::string_view text, std::string* error) {
  auto parts = parse_distinguished_name(text, error);
  if (!parts) return false;
  for (const auto& [key, value] : *parts) {
    if (!X509_NAME_add_entry_by_txt(name, key.c_str(), MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0)) {
      if (error) *error = "unknown DN attribute '" + key + "'";
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::vector<std::pair<std::string, std::string>>> parse_distinguished_name(
    std::string_view text, std::string* error) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string current;
  auto flush = [&]() -> bool {
    auto item = camaudit::util::trim(current);
    if (item.empty()) return true;
    auto eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      if (error) *error = "bad DN component '" + std::string(item) + "'";
      return false;
    }
    out.emplace_back(std::string(camaudit::util::trim(item.substr(0, eq))),
                     std::string(camaudit::util::trim(item.substr(eq + 1))));
    current.clear();
    return true;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      current += text[++i];
    } else if (text[i] == ',') {
      if (!flush()) return std::nullopt;
    } else {
      current += text[i];
    }
  }
  if (!flush()) return std::nullopt;
  if (out.empty()) {
    if (error) *error = "empty distinguished name";
    return std::nullopt;
  }
  return out;
}

std::shared_ptr<asio::ssl::context> make_tls_context(std::string_view subject,
                                                     std::string_view issuer, int days,
                                                     std::string* error) {
  EVP_PKEY* key = process_key();
  if (!key) {
    if (error) *error = "cannot generate the RSA key";
    return nullptr;
  }
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  unsigned char serial[8];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -86400);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days) * 86400);
  if (!fill_name(X509_get_subject_name(cert.get()), subject, error) ||
      !fill_name(X509_get_issuer_name(cert.get()), issuer, error)) {
    return nullptr;
  }
  X509_set_pubkey(cert.get(), key);
  if (!X509_sign(cert.get(), key, EVP_sha256())) {
    if (error) *error = "X509_sign failed";
    return nullptr;
  }
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  if (SSL_CTX_use_certificate(native, cert.get()) != 1 || SSL_CTX_use_PrivateKey(native, key) != 1) {
    if (error) *error = "cannot install the certificate";
    return nullptr;
  }
  return context;
}

}  // namespace camfarm
