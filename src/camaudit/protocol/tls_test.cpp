// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/tls.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace camaudit::protocol {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using testing::corpus_lines;
using testing::field_value;
using testing::field_values;
using testing::parse_with;

// Builds real certificates carrying the names the corpus records (the corpus holds
// their text only): X.500 order as devices encode them, C first.
struct Certificates {
  using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
  using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

  static KeyPtr key() { return KeyPtr(EVP_EC_gen("P-256"), EVP_PKEY_free); }

  static void add_names(X509_NAME* name, std::vector<std::pair<const char*, const char*>> entries) {
    for (auto [field, text] : entries)
      X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(text), -1,
                                 -1, 0);
  }

  static CertPtr make(std::vector<std::pair<const char*, const char*>> subject,
                      std::vector<std::pair<const char*, const char*>> issuer, EVP_PKEY* subject_key,
                      EVP_PKEY* issuer_key, const char* not_before, const char* not_after, const char* san) {
    CertPtr cert(X509_new(), X509_free);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 0x8ab4);
    ASN1_TIME_set_string(X509_getm_notBefore(cert.get()), not_before);
    ASN1_TIME_set_string(X509_getm_notAfter(cert.get()), not_after);
    add_names(X509_get_subject_name(cert.get()), subject);
    add_names(X509_get_issuer_name(cert.get()), issuer);
    X509_set_pubkey(cert.get(), subject_key);
    if (san != nullptr) {
      X509V3_CTX ctx;
      X509V3_set_ctx_nodb(&ctx);
      X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, san);
      X509_add_ext(cert.get(), ext, -1);
      X509_EXTENSION_free(ext);
    }
    X509_sign(cert.get(), issuer_key, EVP_sha256());
    return cert;
  }

  static std::string der(X509* cert) {
    unsigned char* out = nullptr;
    const int length = i2d_X509(cert, &out);
    std::string bytes(reinterpret_cast<char*>(out), static_cast<std::size_t>(length));
    OPENSSL_free(out);
    return bytes;
  }

  static std::string pem(X509* cert) {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    std::string text(data, static_cast<std::size_t>(length));
    BIO_free(bio);
    return text;
  }
};

// hikvision_tls_1.txt: the DS-KV6113 doorbell's self-signed certificate, same on every unit.
Certificates::CertPtr hikvision_doorbell() {
  static auto key = Certificates::key();
  const std::vector<std::pair<const char*, const char*>> name = {
      {"C", "CN"}, {"ST", "ZJ"}, {"L", "HZ"}, {"O", "HIKVISION"}, {"OU", "HZ"}, {"CN", "hikvision.com"}};
  return Certificates::make(name, name, key.get(), key.get(), "20191217000000Z", "20371231000000Z",
                            "DNS:hikvision.com,IP:192.0.0.64");
}

TEST(Tls, DerSelfSignedHikvisionDoorbell) {
  const auto cert = hikvision_doorbell();
  const auto r = parse_with("tls", Certificates::der(cert.get()));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "tls.subject"), "CN=hikvision.com,OU=HZ,O=HIKVISION,L=HZ,ST=ZJ,C=CN");
  EXPECT_EQ(field_value(r, "tls.issuer"), "CN=hikvision.com,OU=HZ,O=HIKVISION,L=HZ,ST=ZJ,C=CN");
  EXPECT_EQ(field_value(r, "tls.subject.CN"), "hikvision.com");
  EXPECT_EQ(field_value(r, "tls.subject.O"), "HIKVISION");
  EXPECT_EQ(field_value(r, "tls.not_before"), "2019-12-17T00:00:00Z");
  EXPECT_EQ(field_value(r, "tls.not_after"), "2037-12-31T00:00:00Z");
  EXPECT_EQ(field_values(r, "tls.san"), (std::vector<std::string>{"hikvision.com", "192.0.0.64"}));
  EXPECT_EQ(field_value(r, "tls.self_signed"), "true");
}

TEST(Tls, PemDahuaLeafFromDeviceCa) {
  auto ca_key = Certificates::key();
  auto leaf_key = Certificates::key();
  // dahua_tls_1.txt: issuer "CN=Dahua Device NVR CA, O=Zhejiang Dahua Technology Co.\,Ltd., C=CN".
  const auto cert = Certificates::make({{"C", "CN"}, {"CN", "192.168.2.70"}},
                                       {{"C", "CN"}, {"O", "Zhejiang Dahua Technology Co.,Ltd."},
                                        {"CN", "Dahua Device NVR CA"}},
                                       leaf_key.get(), ca_key.get(), "20260627000000Z", "20560620000000Z",
                                       nullptr);
  const auto r = parse_with("tls", "junk before the block\n" + Certificates::pem(cert.get()));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "tls.subject"), "CN=192.168.2.70,C=CN");
  EXPECT_EQ(field_value(r, "tls.issuer"), "CN=Dahua Device NVR CA,O=Zhejiang Dahua Technology Co.\\,Ltd.,C=CN");
  EXPECT_EQ(field_value(r, "tls.issuer.O"), "Zhejiang Dahua Technology Co.,Ltd.");
  EXPECT_EQ(field_value(r, "tls.issuer.CN"), "Dahua Device NVR CA");
  EXPECT_EQ(field_value(r, "tls.self_signed"), "false");
  EXPECT_TRUE(field_values(r, "tls.san").empty());
}

TEST(Tls, TextFormsGiveTheSameStringsAsTheCertificate) {
  // dahua_tls_1.txt lines 2-4 (live XVR) and 7-8 (NVR, escaped comma).
  const auto xvr = parse_with("tls", corpus_lines("dahua_tls_1.txt", 2, 4));
  EXPECT_FALSE(xvr.error);
  EXPECT_EQ(field_value(xvr, "tls.subject"), "CN=192.168.1.100,C=CN");
  EXPECT_EQ(field_value(xvr, "tls.issuer"), "CN=Dahua Device XVR CA,O=Zhejiang Dahua Technology Co.\\,Ltd.");
  EXPECT_EQ(field_value(xvr, "tls.issuer.O"), "Zhejiang Dahua Technology Co.,Ltd.");
  EXPECT_EQ(field_value(xvr, "tls.not_before"), "2026-06-27");
  EXPECT_EQ(field_value(xvr, "tls.self_signed"), "false");

  const auto nvr = parse_with("tls", corpus_lines("dahua_tls_1.txt", 7, 8));
  EXPECT_EQ(field_value(nvr, "tls.issuer"), "CN=Dahua Device NVR CA,O=Zhejiang Dahua Technology Co.\\,Ltd.,C=CN");
  EXPECT_EQ(field_value(nvr, "tls.subject.CN"), "192.168.2.70");

  // hikvision_tls_1.txt line 9: the doorbell as `openssl x509 -text` prints it (C first).
  const auto doorbell = parse_with("tls", corpus_lines("hikvision_tls_1.txt", 9, 9));
  EXPECT_EQ(field_value(doorbell, "tls.subject"), field_value(parse_with("tls", Certificates::der(hikvision_doorbell().get())),
                                                  "tls.subject"));
}

TEST(Tls, RecogAndOpensslOnelineForms) {
  // hikvision_tls_1.txt line 2: recog's x509_subjects example, a bare name.
  const auto dvr = parse_with("tls", corpus_lines("hikvision_tls_1.txt", 2, 2));
  EXPECT_EQ(field_value(dvr, "tls.subject"), "CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN");
  EXPECT_EQ(field_value(dvr, "tls.subject.O"), "HIKVISION");
  EXPECT_TRUE(field_values(dvr, "tls.issuer").empty());

  // Line 4: the SDK issuer with an OpenSSL-oneline "/emailAddress=" tail.
  const auto sdk = parse_with("tls", corpus_lines("hikvision_tls_1.txt", 4, 6));
  EXPECT_EQ(field_value(sdk, "tls.issuer"),
            "emailAddress=fangyu@hikvision.com,CN=FangYu,OU=HIK,O=Hikvision,L=HangZhou,ST=ZheJiang,C=CN");
  // Its subject starts with CN, so its order is kept as printed: text cannot tell more.
  EXPECT_EQ(field_value(sdk, "tls.subject"), "CN=server,C=CN,ST=ZheJiang,O=Hikvision,OU=HIK");

  // nmap ssl-cert style long names, and bosch_banners_1.txt line 4 (issuer CN = MAC).
  const auto nmap = parse_with("tls", "Subject: commonName=axis-accc8ea31abf/organizationName=Axis Communications AB\n");
  EXPECT_EQ(field_value(nmap, "tls.subject"), "CN=axis-accc8ea31abf,O=Axis Communications AB");
  std::string bosch = corpus_lines("bosch_banners_1.txt", 4, 4, "");
  bosch = bosch.substr(0, bosch.find("   ("));
  const auto b = parse_with("tls", bosch);
  EXPECT_EQ(field_value(b, "tls.issuer.CN"), "00-07-5f-11-11-11");
  EXPECT_EQ(field_value(b, "tls.issuer"),
            "SERIALNUMBER=111111111111111111,CN=00-07-5f-11-11-11,OU=ST-VS,O=Bosch Sicherheitssysteme GmbH,"
            "L=Grasbrunn,C=DE");
}

TEST(Tls, TruncatedDerAndPem) {
  const std::string der = Certificates::der(hikvision_doorbell().get());
  const auto r = parse_with("tls", der.substr(0, der.size() / 2));
  ASSERT_TRUE(r.error);
  EXPECT_THAT(*r.error, HasSubstr("DER certificate does not decode"));
  EXPECT_TRUE(r.fields.empty());
  const std::string pem = Certificates::pem(hikvision_doorbell().get());
  EXPECT_THAT(*parse_with("tls", pem.substr(0, pem.size() / 2)).error, HasSubstr("PEM certificate does not decode"));
}

TEST(Tls, GarbageEmptyAndOversized) {
  EXPECT_EQ(*parse_with("tls", "").error, "TLS: empty payload");
  EXPECT_THAT(*parse_with("tls", "hello world\nno names here").error, HasSubstr("no certificate"));
  EXPECT_TRUE(parse_with("tls", std::string("\x30\x82\xff\xff\x00", 5)).error);
  EXPECT_THAT(*parse_with("tls", std::string(2 * 1024 * 1024, 'A')).error, HasSubstr("over 1 MiB"));
  std::string many = "subject: ";
  for (int i = 0; i < 100000; ++i) many += "CN=x,";
  const auto r = parse_with("tls", many);
  for (const Field& f : r.fields) EXPECT_LE(f.value.size(), kMaxFieldBytes);
  const std::string subject = field_value(r, "tls.subject");
  EXPECT_EQ(std::count(subject.begin(), subject.end(), '='), 64);  // kMaxNameAttributes
}

TEST(Tls, ParserKeysCoverEveryEmittedField) {
  const auto r = parse_with("tls", Certificates::der(hikvision_doorbell().get()));
  for (const Field& f : r.fields) EXPECT_THAT(kTlsParser.keys, Contains(f.key)) << f.key;
}

}  // namespace
}  // namespace camaudit::protocol
