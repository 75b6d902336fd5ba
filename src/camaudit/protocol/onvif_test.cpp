// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/onvif.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::ElementsAre;
using testing::corpus_text;
using testing::cut;
using testing::field_value;
using testing::field_values;
using testing::parse_with;

TEST(Onvif, DeviceInformationInEveryShape) {
  std::string text = corpus_text("dahua_onvif-deviceinfo_1.txt");
  // (1) bare response element.
  ParseResult bare = parse_with("onvif", cut(text, "(1)", "(2)"));
  EXPECT_FALSE(bare.error) << *bare.error;
  EXPECT_EQ(field_value(bare, "onvif.response"), "GetDeviceInformationResponse");
  EXPECT_EQ(field_value(bare, "onvif.Manufacturer"), "Dahua");
  EXPECT_EQ(field_value(bare, "onvif.Model"), "IPC-HDW1025C");
  EXPECT_EQ(field_value(bare, "onvif.FirmwareVersion"), "2.420.Dahua 00.14.R, build: 2016-06-18");
  EXPECT_EQ(field_value(bare, "onvif.SerialNumber"), "2J01018PAA00813");
  EXPECT_EQ(field_value(bare, "onvif.HardwareId"), "1.00");
  // (2) full envelope with standalone declaration.
  ParseResult env = parse_with("onvif", cut(text, "<?xml", "(3)"));
  EXPECT_FALSE(env.error);
  EXPECT_EQ(field_value(env, "onvif.Model"), "DH-2H3400-ADP");
  // (3) soap: prefix, namespace declared on the response, inside an HTTP response.
  std::string body = cut(text, "(3)").substr(4);
  ParseResult http = parse_with("onvif", "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nContent-Length: " +
                                             std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_FALSE(http.error) << *http.error;
  EXPECT_EQ(field_value(http, "onvif.SerialNumber"), "4J0186FPAG00123");
}

TEST(Onvif, NotAuthorizedFaultOverHttp) {
  // onvif_soap-fault_1.txt is an HTTP 401 with the SOAP 1.2 Fault as body.
  std::string text = corpus_text("onvif_soap-fault_1.txt");
  ParseResult r = parse_with("onvif", text);
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "onvif.response"), "Fault");
  EXPECT_EQ(field_value(r, "onvif.fault"), "ter:NotAuthorized");
  EXPECT_EQ(field_value(r, "onvif.fault_reason"), "Sender not Authorized");
}

TEST(Onvif, Soap11Fault) {
  ParseResult r = parse_with("onvif",
                             "<s:Envelope><s:Body><s:Fault><faultcode>s:Client</faultcode>"
                             "<faultstring>Unauthorized</faultstring></s:Fault></s:Body></s:Envelope>");
  EXPECT_EQ(field_value(r, "onvif.fault"), "s:Client");
  EXPECT_EQ(field_value(r, "onvif.fault_reason"), "Unauthorized");
}

TEST(Onvif, SystemDateAndTime) {
  ParseResult r = parse_with("onvif", corpus_text("onvif_getsystemdateandtime_1.txt"));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "onvif.response"), "GetSystemDateAndTimeResponse");
  EXPECT_EQ(field_value(r, "onvif.utc_datetime"), "2014-12-24T19:14:37Z");
  EXPECT_EQ(field_value(r, "onvif.timezone"), "MoroccoStandardTime0");
  EXPECT_EQ(field_value(r, "onvif.datetime_type"), "Manual");
}

TEST(Onvif, ServiceAddresses) {
  // Shape of GetServices per devicemgmt.wsdl (request in onvif_soap-requests_1.txt).
  ParseResult r = parse_with("onvif",
                             "<env:Envelope><env:Body><tds:GetServicesResponse>"
                             "<tds:Service><tds:Namespace>http://www.onvif.org/ver10/device/wsdl</tds:Namespace>"
                             "<tds:XAddr>http://192.0.2.1/onvif/device_service</tds:XAddr></tds:Service>"
                             "<tds:Service><tds:XAddr>http://192.0.2.1/onvif/Media</tds:XAddr></tds:Service>"
                             "</tds:GetServicesResponse></env:Body></env:Envelope>");
  EXPECT_THAT(field_values(r, "onvif.service"),
              ElementsAre("http://192.0.2.1/onvif/device_service", "http://192.0.2.1/onvif/Media"));
}

TEST(Onvif, RequestsAndBrokenEnvelopes) {
  std::string request = testing::corpus_lines("onvif_soap-requests_1.txt", 1, 4);
  EXPECT_EQ(field_value(parse_with("onvif", request), "onvif.response"), "GetSystemDateAndTime");
  ParseResult empty_body = parse_with("onvif", "<s:Envelope><s:Body/></s:Envelope>");
  EXPECT_EQ(*empty_body.error, "ONVIF: SOAP envelope without a body element");
  ParseResult cut_off = parse_with("onvif", cut(corpus_text("dahua_onvif-deviceinfo_1.txt"), "<?xml", "<tds:SerialNumber>"));
  ASSERT_TRUE(cut_off.error);
  EXPECT_EQ(field_value(cut_off, "onvif.Model"), "DH-2H3400-ADP");
}

}  // namespace
}  // namespace camaudit::protocol
