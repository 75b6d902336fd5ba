// SPDX-License-Identifier: Apache-2.0
#include <camaudit/ingest/nmap.hpp>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <cstring>

namespace camaudit::ingest {

namespace {

// Scripts whose output the nmap parser reads (protocol/nmap.cpp); others are not kept.
constexpr std::string_view kScripts[] = {"http-title", "http-server-header", "http-headers", "http-auth",
                                         "http-favicon", "rtsp-methods"};

bool wanted_script(std::string_view id) {
  for (std::string_view s : kScripts)
    if (s == id) return true;
  return false;
}

// A script's useful text: its title/realm element when nmap structured it, else its output.
std::string script_text(pugi::xml_node script) {
  for (const char* key : {"title", "server"})
    if (auto e = script.find_child_by_attribute("elem", "key", key)) return e.text().get();
  return script.attribute("output").value();
}

struct HostContext {
  std::string ip, name;
  std::size_t host_number = 0;
  const ObservationSink* sink = nullptr;
  ImportReport* report = nullptr;

  Observation base(std::string protocol) const {
    Observation o;
    o.ip = ip;
    o.protocol = std::move(protocol);
    o.source = "import nmap " + name;
    return o;
  }
  void emit(Observation&& o) const {
    (*sink)(std::move(o));
    ++report->observations;
  }
};

// The ssl-cert script's PEM, when nmap printed it (it does in XML output).
std::string ssl_pem(pugi::xml_node script) {
  if (auto pem = script.find_child_by_attribute("elem", "key", "pem")) return pem.text().get();
  return {};
}

nlohmann::json service_json(pugi::xml_node service) {
  nlohmann::json s = nlohmann::json::object();
  for (const char* a : {"name", "product", "version", "extrainfo", "devicetype", "ostype", "method", "conf"})
    if (const char* v = service.attribute(a).value(); *v) s[a] = v;
  nlohmann::json cpes = nlohmann::json::array();
  for (pugi::xml_node cpe : service.children("cpe")) cpes.push_back(cpe.text().get());
  if (!cpes.empty()) s["cpe"] = std::move(cpes);
  return s;
}

void import_port(const HostContext& host, pugi::xml_node port, const std::string& mac_vendor) {
  if (std::strcmp(port.child("state").attribute("state").value(), "open") != 0) return;
  const auto number = static_cast<std::uint16_t>(port.attribute("portid").as_uint());
  const std::string transport = port.attribute("protocol").value();
  auto at_port = [&](std::string protocol) {
    Observation o = host.base(std::move(protocol));
    o.port = number;
    o.transport = transport;
    return o;
  };
  nlohmann::json payload;
  if (auto service = port.child("service")) payload["service"] = service_json(service);
  if (!mac_vendor.empty()) payload["mac_vendor"] = mac_vendor;
  nlohmann::json scripts = nlohmann::json::object();
  for (pugi::xml_node script : port.children("script")) {
    const std::string id = script.attribute("id").value();
    if (wanted_script(id)) scripts[id] = nmap_unescape(script_text(script));
    if (id == "banner") {
      Observation b = at_port("banner");
      b.payload = nmap_unescape(script.attribute("output").value());
      host.emit(std::move(b));
    } else if (id == "ssl-cert") {
      if (std::string pem = ssl_pem(script); !pem.empty()) {
        Observation t = at_port("tls");
        t.payload = std::move(pem);
        host.emit(std::move(t));
      }
    }
  }
  if (!scripts.empty()) payload["scripts"] = std::move(scripts);
  Observation o = at_port("nmap");
  o.payload = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  host.emit(std::move(o));
}

void import_host(pugi::xml_node host, HostContext& ctx) {
  std::string mac, mac_vendor, ipv6;
  ctx.ip.clear();
  for (pugi::xml_node a : host.children("address")) {
    const std::string_view type = a.attribute("addrtype").value();
    if (type == "ipv4" && ctx.ip.empty()) ctx.ip = a.attribute("addr").value();
    else if (type == "ipv6" && ipv6.empty()) ipv6 = a.attribute("addr").value();
    else if (type == "mac") {
      mac = a.attribute("addr").value();
      mac_vendor = a.attribute("vendor").value();
    }
  }
  if (ctx.ip.empty()) ctx.ip = ipv6;
  if (ctx.ip.empty()) {
    ctx.report->reject(ctx.host_number, "host without an IPv4 or IPv6 address");
    return;
  }
  if (!mac.empty()) {
    Observation m = ctx.base("mac");
    m.payload = mac;
    ctx.emit(std::move(m));
  }
  for (pugi::xml_node port : host.child("ports").children("port")) import_port(ctx, port, mac_vendor);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

ImportReport import_nmap(const ImportInput& in, const ImportOptions& options, const ObservationSink& sink) {
  ImportReport report;
  report.unit = "host";
  std::string error;
  auto bytes = read_all(in.file, options.max_bytes, error);
  if (!bytes) {
    report.error = error;
    return report;
  }
  pugi::xml_document doc;
  // No parse_doctype expansion exists in pugixml: entity declarations are never expanded.
  const pugi::xml_parse_result parsed = doc.load_buffer_inplace(bytes->data(), bytes->size(), pugi::parse_default);
  const pugi::xml_node run = doc.child("nmaprun");
  if (!run) {
    report.error = parsed ? "not an nmap XML file (no <nmaprun>)"
                          : std::string("XML error at byte ") + std::to_string(parsed.offset) + ": " + parsed.description();
    return report;
  }
  report.tool = std::string(run.attribute("scanner").as_string("nmap")) + " " + run.attribute("version").value();
  if (const char* args = run.attribute("args").value(); *args) report.tool += " (" + std::string(args).substr(0, 200) + ")";
  HostContext ctx{{}, base_name(in.name), 0, &sink, &report};
  for (pugi::xml_node host : run.children("host")) {
    ++ctx.host_number;
    ++report.records;
    import_host(host, ctx);
  }
  if (!parsed)
    report.error = std::string("XML error at byte ") + std::to_string(parsed.offset) + " (" + parsed.description() +
                   "): the file is cut short or damaged; the " + std::to_string(report.records) +
                   " host(s) before it were read";
  return report;
}

}  // namespace

std::string nmap_unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x') {
      const int hi = hex_digit(text[i + 2]), lo = hex_digit(text[i + 3]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 3;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

constinit const Importer kNmapImporter{"nmap", "nmap XML (-oX, nmap 7.x): hosts, MACs, -sV guesses, NSE script outputs",
                                       import_nmap};

}  // namespace camaudit::ingest
