// SPDX-License-Identifier: Apache-2.0
// X.509 certificates from a device's TLS service. Factory certificates identify the
// maker (`O=HIKVISION`, issuer `CN=Dahua Device NVR CA`, Axis `CN=axis-<mac>`, Bosch's
// issuer CN = the MAC). The payload is the certificate as a probe or importer got it:
// PEM, DER, or the text form scanners print (`subject: CN=..., O=...` lines, as nmap,
// recog, zgrab or `openssl x509 -text` show them).
//
// Names are rendered the RFC 4514 way: last RDN first (the order OpenSSL's
// XN_FLAG_RFC2253 and recog use), ',' between RDNs with no space, '+' inside a
// multi-valued RDN, OpenSSL short attribute names (CN, O, OU, L, ST, C,
// emailAddress, serialNumber, ...), and `, + " \ < > ;` escaped with '\' in values.
// E.g. `CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN`.
// A text form that starts with C= or DC= (X.500 order, as `openssl x509 -text`
// prints) is reversed into that order, so every source yields the same string.
#pragma once

#include <camaudit/protocol/protocol.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace camaudit::protocol {

struct DistinguishedName {
  // (attribute, value) in RFC 4514 order (most specific first), values unescaped.
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string rfc4514;  // the rendered string, see above
  // First value of `attribute` (case-insensitive name), if any.
  std::optional<std::string_view> get(std::string_view attribute) const;
};

struct CertificateInfo {
  DistinguishedName subject;
  DistinguishedName issuer;
  std::vector<std::string> subject_alt_names;  // DNS names and IP addresses (DER/PEM only)
  std::string not_before;                      // "2019-12-17T00:00:00Z" (DER/PEM only)
  std::string not_after;
  std::optional<bool> self_signed;  // issuer == subject (DER/PEM: and the key identifiers agree)
  bool from_text = false;           // parsed from a text rendering, not the certificate
};

// Parses a PEM or DER certificate, or a text rendering. nullopt plus `error` when
// the payload is none of these.
std::optional<CertificateInfo> parse_certificate(std::string_view payload, std::string* error);

// Reads one distinguished name as scanners print it: "CN=a, O=b", "CN=a,O=b",
// "/C=CN/O=b", "commonName=a/organizationName=b". nullopt when it holds no attribute.
std::optional<DistinguishedName> parse_distinguished_name_text(std::string_view text);

extern const Parser kTlsParser;

}  // namespace camaudit::protocol
