// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/tls.hpp>

#include <camaudit/util/text.hpp>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <memory>

namespace camaudit::protocol {

namespace {

// A certificate is a few KiB; chains rarely pass 64 KiB. Beyond this is not a cert.
constexpr std::size_t kMaxCertificateBytes = 1024 * 1024;
// Real names hold under 20 attributes.
constexpr std::size_t kMaxNameAttributes = 64;

// One attribute of a name, and whether it continues the previous RDN ('+').
struct NameComponent {
  std::string attribute;
  std::string value;
  bool joins_previous = false;
};

std::string escape_value(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const bool special = c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ';';
    const bool edge = (i == 0 && (c == '#' || c == ' ')) || (i + 1 == value.size() && c == ' ');
    if (c == '\0') {
      out.append("\\00");
      continue;
    }
    if (special || edge) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// Builds the name from components given most-specific RDN first.
DistinguishedName render(const std::vector<NameComponent>& components) {
  DistinguishedName name;
  for (const NameComponent& c : components) {
    if (!name.rfc4514.empty()) name.rfc4514.push_back(c.joins_previous ? '+' : ',');
    name.rfc4514.append(c.attribute).push_back('=');
    name.rfc4514.append(escape_value(c.value));
    name.attributes.emplace_back(c.attribute, c.value);
  }
  return name;
}

// Reverses RDN order, keeping the attributes inside a multi-valued RDN together.
std::vector<NameComponent> reverse_rdns(const std::vector<NameComponent>& in) {
  std::vector<std::vector<NameComponent>> rdns;
  for (const NameComponent& c : in) {
    if (!c.joins_previous || rdns.empty()) rdns.emplace_back();
    rdns.back().push_back(c);
  }
  std::vector<NameComponent> out;
  for (auto it = rdns.rbegin(); it != rdns.rend(); ++it) {
    for (std::size_t i = 0; i < it->size(); ++i) {
      NameComponent c = (*it)[i];
      c.joins_previous = i > 0;
      out.push_back(std::move(c));
    }
  }
  return out;
}

// OpenSSL's short name for an attribute given by short or long name
// ("commonName" -> "CN"); unknown names are kept as written.
std::string short_attribute_name(std::string_view attribute) {
  const std::string text(attribute);
  const int nid = OBJ_txt2nid(text.c_str());
  ERR_clear_error();
  if (nid == NID_undef) return text;
  const char* sn = OBJ_nid2sn(nid);
  return sn != nullptr ? std::string(sn) : text;
}

DistinguishedName name_from_x509(const X509_NAME* x509_name) {
  std::vector<NameComponent> encoding_order;
  const int count = std::min(X509_NAME_entry_count(x509_name), static_cast<int>(kMaxNameAttributes));
  int previous_set = -1;
  for (int i = 0; i < count; ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(x509_name, i);
    if (entry == nullptr) continue;
    NameComponent c;
    const ASN1_OBJECT* object = X509_NAME_ENTRY_get_object(entry);
    const int nid = OBJ_obj2nid(object);
    if (nid != NID_undef && OBJ_nid2sn(nid) != nullptr) {
      c.attribute = OBJ_nid2sn(nid);
    } else {
      std::array<char, 128> dotted{};
      OBJ_obj2txt(dotted.data(), static_cast<int>(dotted.size()), object, 1);
      c.attribute = dotted.data();
    }
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
    if (length >= 0 && utf8 != nullptr) c.value.assign(reinterpret_cast<const char*>(utf8), length);
    OPENSSL_free(utf8);
    const int set = X509_NAME_ENTRY_set(entry);
    c.joins_previous = set == previous_set;
    previous_set = set;
    encoding_order.push_back(std::move(c));
  }
  ERR_clear_error();
  return render(reverse_rdns(encoding_order));
}

std::string format_time(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return {};
  std::array<char, 80> text{};  // room for any int, so the compiler sees no truncation
  std::snprintf(text.data(), text.size(), "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return text.data();
}

std::string format_ip(const unsigned char* bytes, int length) {
  std::string out;
  std::array<char, 16> part{};
  if (length == 4) {
    for (int i = 0; i < 4; ++i) {
      std::snprintf(part.data(), part.size(), i ? ".%u" : "%u", bytes[i]);
      out.append(part.data());
    }
  } else if (length == 16) {
    for (int i = 0; i < 16; i += 2) {
      std::snprintf(part.data(), part.size(), i ? ":%x" : "%x", (bytes[i] << 8) | bytes[i + 1]);
      out.append(part.data());
    }
  }
  return out;
}

std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  std::array<char, 256> text{};
  ERR_error_string_n(code, text.data(), text.size());
  return text.data();
}

// One DER element: where its contents are and where the next element starts.
struct Der {
  int tag = 0;
  int tag_class = 0;
  const unsigned char* begin = nullptr;  // the element itself (tag and length included)
  const unsigned char* content = nullptr;
  const unsigned char* next = nullptr;
};

// Reads the element at `p`, which must end by `end`; false on malformed or indefinite-
// length encodings (not DER).
bool read_der(const unsigned char* p, const unsigned char* end, Der& out) {
  if (p >= end) return false;
  const unsigned char* q = p;
  long length = 0;
  int tag = 0, tag_class = 0;
  const int flags = ASN1_get_object(&q, &length, &tag, &tag_class, end - p);
  if ((flags & 0x80) != 0 || (flags & 0x01) != 0 || length < 0 || length > end - q) {
    ERR_clear_error();  // the reason is ours to give; leave no stale entry for the next caller
    return false;
  }
  out = Der{tag, tag_class, p, q, q + length};
  return true;
}

void free_extensions(STACK_OF(X509_EXTENSION) * s) { sk_X509_EXTENSION_pop_free(s, X509_EXTENSION_free); }

template <class T, void (*Free)(T*)>
using OpenSslPtr = std::unique_ptr<T, decltype([](T* x) { Free(x); })>;

// The certificate's fields read from its DER encoding. The TBSCertificate is walked
// element by element and only the parts a fingerprint reads are decoded (names,
// validity, extensions) with OpenSSL's own decoders. d2i_X509 would also decode the
// public key through OpenSSL 3's provider machinery: ~135 us per certificate, most of a
// scan's identification time, for a key nothing here looks at.
std::optional<CertificateInfo> info_from_der(const unsigned char* der, std::size_t size, std::string& error) {
  const unsigned char* const end = der + size;
  Der certificate, tbs, element;
  if (!read_der(der, end, certificate) || certificate.tag != V_ASN1_SEQUENCE ||
      !read_der(certificate.content, certificate.next, tbs) || tbs.tag != V_ASN1_SEQUENCE) {
    error = "not an X.509 Certificate SEQUENCE";
    return std::nullopt;
  }
  // TBSCertificate: [0] version?, serial, signature algorithm, issuer, validity, subject,
  // subject public key info, [1] issuer id?, [2] subject id?, [3] extensions?
  std::vector<Der> parts;
  for (const unsigned char* p = tbs.content; p < tbs.next; p = element.next) {
    if (!read_der(p, tbs.next, element) || parts.size() == 16) {
      error = "malformed TBSCertificate";
      return std::nullopt;
    }
    parts.push_back(element);
  }
  const std::size_t first = !parts.empty() && parts[0].tag_class == V_ASN1_CONTEXT_SPECIFIC && parts[0].tag == 0;
  if (parts.size() < first + 6) {
    error = "TBSCertificate has too few elements";
    return std::nullopt;
  }
  const Der& issuer_der = parts[first + 2];
  const Der& validity = parts[first + 3];
  const Der& subject_der = parts[first + 4];

  auto decode_name = [](const Der& d) {
    const unsigned char* p = d.begin;
    return OpenSslPtr<X509_NAME, X509_NAME_free>(d2i_X509_NAME(nullptr, &p, d.next - d.begin));
  };
  auto issuer = decode_name(issuer_der);
  auto subject = decode_name(subject_der);
  if (!issuer || !subject) {
    error = std::string(!issuer ? "issuer" : "subject") + " name: " + openssl_error();
    return std::nullopt;
  }
  CertificateInfo info;
  info.subject = name_from_x509(subject.get());
  info.issuer = name_from_x509(issuer.get());
  Der time;
  const unsigned char* p = validity.content;
  for (std::string* out : {&info.not_before, &info.not_after}) {
    if (!read_der(p, validity.next, time)) break;
    const unsigned char* q = time.begin;
    OpenSslPtr<ASN1_TIME, ASN1_TIME_free> parsed(d2i_ASN1_TIME(nullptr, &q, time.next - time.begin));
    *out = format_time(parsed.get());
    p = time.next;
  }

  // Extensions: subject alternative names, and the key identifiers for self-signed.
  OpenSslPtr<GENERAL_NAMES, GENERAL_NAMES_free> names;
  OpenSslPtr<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free> subject_key_id;
  OpenSslPtr<AUTHORITY_KEYID, AUTHORITY_KEYID_free> authority_key_id;
  for (std::size_t i = first + 6; i < parts.size(); ++i) {
    Der extensions_der;
    if (parts[i].tag_class != V_ASN1_CONTEXT_SPECIFIC || parts[i].tag != 3 ||
        !read_der(parts[i].content, parts[i].next, extensions_der))
      continue;
    const unsigned char* q = extensions_der.begin;
    OpenSslPtr<STACK_OF(X509_EXTENSION), free_extensions> extensions(d2i_X509_EXTENSIONS(nullptr, &q, extensions_der.next - extensions_der.begin));
    const int count = extensions ? std::min(sk_X509_EXTENSION_num(extensions.get()), 256) : 0;
    for (int e = 0; e < count; ++e) {
      X509_EXTENSION* extension = sk_X509_EXTENSION_value(extensions.get(), e);
      const int nid = OBJ_obj2nid(X509_EXTENSION_get_object(extension));
      if (nid == NID_subject_alt_name && !names)
        names.reset(static_cast<GENERAL_NAMES*>(X509V3_EXT_d2i(extension)));
      else if (nid == NID_subject_key_identifier && !subject_key_id)
        subject_key_id.reset(static_cast<ASN1_OCTET_STRING*>(X509V3_EXT_d2i(extension)));
      else if (nid == NID_authority_key_identifier && !authority_key_id)
        authority_key_id.reset(static_cast<AUTHORITY_KEYID*>(X509V3_EXT_d2i(extension)));
    }
  }
  const int count = names ? std::min(sk_GENERAL_NAME_num(names.get()), 256) : 0;
  for (int i = 0; i < count; ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS || name->type == GEN_EMAIL || name->type == GEN_URI) {
      const ASN1_STRING* s = name->d.ia5;
      info.subject_alt_names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                          static_cast<std::size_t>(ASN1_STRING_length(s)));
    } else if (name->type == GEN_IPADD) {
      info.subject_alt_names.push_back(
          format_ip(ASN1_STRING_get0_data(name->d.ip), ASN1_STRING_length(name->d.ip)));
    }
  }
  // Self-signed as RFC 5280 path building sees it (OpenSSL's X509_check_akid): issuer
  // name = subject name and, when both key identifiers are present, they agree. The
  // signature is not verified: a public-key operation that says nothing about the maker.
  const bool keys_agree = !authority_key_id || !authority_key_id->keyid || !subject_key_id ||
                          ASN1_OCTET_STRING_cmp(authority_key_id->keyid, subject_key_id.get()) == 0;
  info.self_signed = X509_NAME_cmp(subject.get(), issuer.get()) == 0 && keys_agree;
  ERR_clear_error();
  return info;
}

// The DER of the first CERTIFICATE block of a PEM text.
std::optional<std::string> pem_certificate_der(std::string_view payload, std::string& error) {
  OpenSslPtr<BIO, BIO_free_all> bio(BIO_new_mem_buf(payload.data(), static_cast<int>(payload.size())));
  for (int blocks = 0; bio && blocks < 64; ++blocks) {
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long length = 0;
    if (PEM_read_bio(bio.get(), &name, &header, &data, &length) != 1) break;
    std::optional<std::string> der;
    if (std::string_view(name) == PEM_STRING_X509 || std::string_view(name) == PEM_STRING_X509_OLD)
      der.emplace(reinterpret_cast<const char*>(data), static_cast<std::size_t>(length));
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
    if (der) return der;
  }
  error = openssl_error();
  return std::nullopt;
}


bool is_attribute_start(std::string_view s) {
  // attr *SP '=' with attr = ALPHA *(ALPHA / DIGIT / '-' / '.'), or a dotted OID.
  std::size_t i = 0;
  while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '-' || s[i] == '.' ||
                          s[i] == '_'))
    ++i;
  if (i == 0 || i > 64) return false;
  while (i < s.size() && s[i] == ' ') ++i;
  return i < s.size() && s[i] == '=';
}

std::string unescape_value(std::string_view v) {
  v = util::trim(v);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\' || i + 1 == v.size()) {
      out.push_back(v[i]);
      continue;
    }
    auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    if (i + 2 < v.size() && hex(v[i + 1]) && hex(v[i + 2])) {
      out.push_back(static_cast<char>(std::stoi(std::string(v.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(v[++i]);
    }
  }
  return out;
}

constexpr std::array<std::string_view, 10> kTlsKeys = {
    "tls.subject",    "tls.issuer",     "tls.subject.CN", "tls.subject.O",  "tls.issuer.CN",
    "tls.issuer.O",   "tls.san",        "tls.not_before", "tls.not_after",  "tls.self_signed"};

void add_name_fields(ParseResult& out, const std::string& prefix, const DistinguishedName& name) {
  if (name.attributes.empty()) return;
  out.add(prefix, name.rfc4514);
  if (auto cn = name.get("CN")) out.add(prefix + ".CN", *cn);
  if (auto o = name.get("O")) out.add(prefix + ".O", *o);
}

ParseResult parse_tls_observation(const Observation& obs) {
  ParseResult out;
  std::string error;
  const auto info = parse_certificate(obs.payload, &error);
  if (!error.empty()) out.error = "TLS: " + error;
  if (!info) return out;
  add_name_fields(out, "tls.subject", info->subject);
  add_name_fields(out, "tls.issuer", info->issuer);
  for (const std::string& san : info->subject_alt_names) out.add("tls.san", san);
  if (!info->not_before.empty()) out.add("tls.not_before", info->not_before);
  if (!info->not_after.empty()) out.add("tls.not_after", info->not_after);
  if (info->self_signed) out.add("tls.self_signed", *info->self_signed ? "true" : "false");
  return out;
}

// "subject: CN=..., C=CN" / "x509_issuer:  CN=..." / "Validity: ..." -> label, value.
std::optional<CertificateInfo> parse_certificate_text(std::string_view text) {
  CertificateInfo info;
  info.from_text = true;
  bool found = false;
  std::size_t lines = 0;
  std::string_view rest = text;
  while (!rest.empty() && lines++ < 4096) {
    const std::size_t lf = rest.find('\n');
    std::string_view line = util::trim(rest.substr(0, lf));
    rest.remove_prefix(lf == std::string_view::npos ? rest.size() : lf + 1);
    const std::size_t colon = line.find(':');
    // A bare name (recog's x509_subjects examples) has '=' before any ':'.
    if (colon == std::string_view::npos || line.find('=') < colon) {
      if (!found && is_attribute_start(line))
        if (auto name = parse_distinguished_name_text(line)) {
          info.subject = std::move(*name);
          found = true;
        }
      continue;
    }
    const std::string label = util::to_lower(util::trim(line.substr(0, colon)));
    const std::string_view value = util::trim(line.substr(colon + 1));
    DistinguishedName* target = nullptr;
    if (label.ends_with("subject")) target = &info.subject;
    else if (label.ends_with("issuer")) target = &info.issuer;
    if (target != nullptr && target->attributes.empty()) {
      if (auto name = parse_distinguished_name_text(value)) {
        *target = std::move(*name);
        found = true;
      }
    } else if (label == "valid") {
      // "valid:   2026-06-27 -> 2056-06-20"
      const std::size_t arrow = value.find("->");
      if (arrow != std::string_view::npos) {
        info.not_before = std::string(util::trim(value.substr(0, arrow)));
        info.not_after = std::string(util::trim(value.substr(arrow + 2)));
      }
    }
  }
  if (!found) return std::nullopt;
  if (!info.subject.attributes.empty() && !info.issuer.attributes.empty())
    info.self_signed = info.subject.rfc4514 == info.issuer.rfc4514;
  return info;
}

}  // namespace

std::optional<std::string_view> DistinguishedName::get(std::string_view attribute) const {
  for (const auto& [a, v] : attributes)
    if (util::iequals(a, attribute)) return std::string_view(v);
  return std::nullopt;
}

std::optional<DistinguishedName> parse_distinguished_name_text(std::string_view text) {
  text = util::trim(text);
  if (!text.empty() && text.front() == '/') text.remove_prefix(1);  // OpenSSL oneline "/C=CN/O=x"
  std::vector<NameComponent> components;
  std::size_t start = 0;
  bool joins = false;
  bool quoted = false;
  for (std::size_t i = 0; i <= text.size() && components.size() < kMaxNameAttributes; ++i) {
    const bool at_end = i == text.size();
    if (!at_end && text[i] == '\\') {
      ++i;  // the escaped character is part of the value
      continue;
    }
    if (!at_end && text[i] == '"') quoted = !quoted;
    const bool separator = !at_end && !quoted && (text[i] == ',' || text[i] == '/' || text[i] == ';' ||
                                                  text[i] == '+');
    // A separator only counts when an attribute follows: "O=Co.,Ltd." stays one value.
    if (!at_end && !(separator && is_attribute_start(util::trim(text.substr(i + 1))))) continue;
    const std::string_view part = text.substr(start, i - start);
    const std::size_t equals = part.find('=');
    if (equals != std::string_view::npos && equals > 0) {
      components.push_back(NameComponent{short_attribute_name(util::trim(part.substr(0, equals))),
                                         unescape_value(part.substr(equals + 1)), joins});
    }
    joins = !at_end && text[i] == '+';
    start = i + 1;
  }
  if (components.empty()) return std::nullopt;
  components.front().joins_previous = false;
  // X.500 order (country first) is turned around into RFC 4514 order.
  if (components.front().attribute == "C" || components.front().attribute == "DC")
    components = reverse_rdns(components);
  return render(components);
}

std::optional<CertificateInfo> parse_certificate(std::string_view payload, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<CertificateInfo> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  if (payload.empty()) return fail("empty payload");
  if (payload.size() > kMaxCertificateBytes) return fail("payload over 1 MiB is not a certificate");
  std::string why;
  if (static_cast<unsigned char>(payload.front()) == 0x30) {
    auto info = info_from_der(reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), why);
    if (!info) return fail("DER certificate does not decode: " + why);
    return info;
  }
  if (payload.find("-----BEGIN") != std::string_view::npos) {
    auto der = pem_certificate_der(payload, why);
    auto info = der ? info_from_der(reinterpret_cast<const unsigned char*>(der->data()), der->size(), why)
                    : std::nullopt;
    if (!info) return fail("PEM certificate does not decode: " + why);
    return info;
  }
  auto info = parse_certificate_text(payload);
  if (!info) return fail("no certificate: neither DER, PEM nor a subject/issuer text");
  return info;
}

constinit const Parser kTlsParser{
    "tls",
    "X.509 certificate (PEM, DER or scanner text): subject, issuer, SANs, validity, self-signed",
    kTlsKeys,
    parse_tls_observation,
};

}  // namespace camaudit::protocol
