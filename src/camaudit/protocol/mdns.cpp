// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/mdns.hpp>

#include <algorithm>
#include <array>
#include <cstdio>

namespace camaudit::protocol {

namespace {

constexpr std::size_t kHeaderBytes = 12;
constexpr std::size_t kMaxNameBytes = 255;     // RFC 1035 §2.3.4
constexpr int kMaxPointerJumps = 32;           // real names use one or two
constexpr std::size_t kMaxRecords = 1024;      // a datagram holds far fewer
constexpr std::size_t kMaxTxtKeys = 256;

constexpr std::uint16_t kTypeA = 1;
constexpr std::uint16_t kTypePtr = 12;
constexpr std::uint16_t kTypeTxt = 16;
constexpr std::uint16_t kTypeAaaa = 28;
constexpr std::uint16_t kTypeSrv = 33;

constexpr std::array<std::string_view, 4> kMdnsKeys = {"mdns.service", "mdns.instance", "mdns.hostname",
                                                       "mdns.txt.*"};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : m_bytes(bytes) {}

  std::size_t size() const { return m_bytes.size(); }
  bool has(std::size_t offset, std::size_t n) const { return offset <= m_bytes.size() && n <= m_bytes.size() - offset; }
  std::uint8_t u8(std::size_t offset) const { return static_cast<std::uint8_t>(m_bytes[offset]); }
  std::uint16_t u16(std::size_t offset) const {
    return static_cast<std::uint16_t>((u8(offset) << 8) | u8(offset + 1));
  }
  std::uint32_t u32(std::size_t offset) const {
    return (static_cast<std::uint32_t>(u16(offset)) << 16) | u16(offset + 2);
  }
  std::string_view slice(std::size_t offset, std::size_t n) const { return m_bytes.substr(offset, n); }

  // Reads a possibly compressed name at `offset`; `end` receives the offset after the
  // name in the record (after the first pointer when compressed).
  std::optional<std::string> name(std::size_t offset, std::size_t& end, std::string& error,
                                  std::string* first = nullptr) const {
    std::string name;
    std::size_t position = offset;
    bool jumped = false;
    int jumps = 0;
    while (true) {
      if (!has(position, 1)) return fail(error, "name runs past the end");
      const std::uint8_t length = u8(position);
      if (length == 0) {
        if (!jumped) end = position + 1;
        return name;
      }
      if ((length & 0xC0) == 0xC0) {
        if (!has(position, 2)) return fail(error, "compression pointer cut off");
        if (++jumps > kMaxPointerJumps) return fail(error, "compression pointer loop");
        if (!jumped) end = position + 2;
        jumped = true;
        position = u16(position) & 0x3FFF;
        continue;
      }
      if ((length & 0xC0) != 0) return fail(error, "reserved label type");
      if (!has(position + 1, length)) return fail(error, "label runs past the end");
      if (name.size() + length + 1 > kMaxNameBytes) return fail(error, "name longer than 255 bytes");
      if (!name.empty()) name.push_back('.');
      else if (first != nullptr) *first = std::string(slice(position + 1, length));
      name.append(slice(position + 1, length));
      position += 1 + length;
    }
  }

 private:
  static std::optional<std::string> fail(std::string& error, std::string_view why) {
    error = std::string(why);
    return std::nullopt;
  }
  std::string_view m_bytes;
};

std::string address_text(std::string_view bytes) {
  std::string out;
  std::array<char, 16> part{};
  if (bytes.size() == 4) {
    for (std::size_t i = 0; i < 4; ++i) {
      std::snprintf(part.data(), part.size(), i ? ".%u" : "%u", static_cast<unsigned char>(bytes[i]));
      out.append(part.data());
    }
  } else {
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
      std::snprintf(part.data(), part.size(), i ? ":%x" : "%x",
                    (static_cast<unsigned char>(bytes[i]) << 8) | static_cast<unsigned char>(bytes[i + 1]));
      out.append(part.data());
    }
  }
  return out;
}


void add_once(ParseResult& out, std::vector<std::string>& seen, std::string key, std::string_view value) {
  std::string marker = key + '\n' + std::string(value);
  for (const std::string& s : seen)
    if (s == marker) return;
  seen.push_back(std::move(marker));
  out.add(std::move(key), value);
}

ParseResult parse_mdns_observation(const Observation& obs) {
  ParseResult out;
  std::string error;
  const auto message = parse_mdns(obs.payload, &error);
  if (!error.empty()) out.error = "mDNS: " + error;
  if (!message) return out;
  std::vector<std::string> seen;
  std::size_t txt_keys = 0;
  for (const DnsRecord& record : message->records) {
    // "<instance>.<_service>._tcp.local": the instance label is the device's name.
    const std::string_view service_part = std::string_view(record.name).substr(
        std::min(record.name.size(), record.first_label.size() + 1));
    if (record.type == kTypePtr) {
      if (record.name.starts_with('_')) add_once(out, seen, "mdns.service", record.name);
      if (!record.target_first_label.empty()) add_once(out, seen, "mdns.instance", record.target_first_label);
    } else if ((record.type == kTypeSrv || record.type == kTypeTxt) && service_part.starts_with('_') &&
               !record.name.starts_with('_')) {
      add_once(out, seen, "mdns.instance", record.first_label);
    }
    if (record.type == kTypeSrv && !record.target.empty()) add_once(out, seen, "mdns.hostname", record.target);
    if (record.type == kTypeTxt) {
      for (const std::string& entry : record.txt) {
        const std::size_t equals = entry.find('=');
        const std::string_view key = std::string_view(entry).substr(0, equals);
        if (key.empty() || ++txt_keys > kMaxTxtKeys) continue;
        out.add("mdns.txt." + std::string(key),
                equals == std::string::npos ? std::string_view{} : std::string_view(entry).substr(equals + 1));
      }
    }
  }
  return out;
}

}  // namespace

std::optional<MdnsMessage> parse_mdns(std::string_view bytes, std::string* error) {
  auto note = [&](std::string why) {
    if (error && error->empty()) *error = std::move(why);
  };
  const Reader reader(bytes);
  if (bytes.size() < kHeaderBytes) {
    note(bytes.empty() ? "empty payload" : "shorter than a DNS header (" + std::to_string(bytes.size()) + " bytes)");
    return std::nullopt;
  }
  MdnsMessage message;
  const std::uint16_t flags = reader.u16(2);
  message.is_response = (flags & 0x8000) != 0;
  if ((flags & 0x7800) != 0) {  // opcode: mDNS uses 0 (standard query) only
    note("not a DNS standard query/response (opcode " + std::to_string((flags >> 11) & 0xF) + ")");
    return std::nullopt;
  }
  const std::size_t questions = reader.u16(4);
  const std::size_t records = std::size_t{reader.u16(6)} + reader.u16(8) + reader.u16(10);
  if (!message.is_response) note("a query, not a response");
  std::size_t offset = kHeaderBytes;
  std::string name_error;
  // Each question takes at least 5 bytes and each record 11, so the payload size
  // bounds both loops; the explicit caps bound them again.
  for (std::size_t i = 0; i < questions && i < kMaxRecords; ++i) {
    std::size_t end = 0;
    auto name = reader.name(offset, end, name_error);
    if (!name || !reader.has(end, 4)) {
      note("question " + std::to_string(i + 1) + ": " + (name ? "cut off" : name_error));
      return message;
    }
    message.questions.push_back(std::move(*name));
    offset = end + 4;
  }
  for (std::size_t i = 0; i < records && i < kMaxRecords; ++i) {
    std::size_t end = 0;
    std::string first;
    auto name = reader.name(offset, end, name_error, &first);
    if (!name || !reader.has(end, 10)) {
      note("record " + std::to_string(i + 1) + ": " + (name ? "cut off" : name_error));
      return message;
    }
    DnsRecord record;
    record.name = std::move(*name);
    record.first_label = std::move(first);
    record.type = reader.u16(end);
    record.record_class = reader.u16(end + 2);
    record.ttl = reader.u32(end + 4);
    const std::size_t length = reader.u16(end + 8);
    const std::size_t data = end + 10;
    if (!reader.has(data, length)) {
      note("record " + std::to_string(i + 1) + ": data runs past the end");
      return message;
    }
    std::size_t unused = 0;
    std::string target_error;
    switch (record.type) {
      case kTypePtr:
        record.target = reader.name(data, unused, target_error, &record.target_first_label).value_or("");
        break;
      case kTypeSrv:
        if (length >= 7) {
          record.port = reader.u16(data + 4);
          record.target = reader.name(data + 6, unused, target_error, &record.target_first_label).value_or("");
        }
        break;
      case kTypeA:
      case kTypeAaaa:
        if (length == 4 || length == 16) record.target = address_text(reader.slice(data, length));
        break;
      case kTypeTxt:
        for (std::size_t p = data; p < data + length;) {
          const std::size_t string_length = reader.u8(p);
          if (p + 1 + string_length > data + length) {
            target_error = "TXT string runs past its record";
            break;
          }
          if (string_length > 0) record.txt.emplace_back(reader.slice(p + 1, string_length));
          p += 1 + string_length;
        }
        break;
      default:
        break;
    }
    if (!target_error.empty()) note("record " + std::to_string(i + 1) + ": " + target_error);
    message.records.push_back(std::move(record));
    offset = data + length;
  }
  if (records > kMaxRecords) note("more than " + std::to_string(kMaxRecords) + " records; the rest ignored");
  return message;
}

constinit const Parser kMdnsParser{"mdns", "mDNS/DNS-SD response: service types, instance names, SRV host, TXT",
                                   kMdnsKeys, parse_mdns_observation};

}  // namespace camaudit::protocol
