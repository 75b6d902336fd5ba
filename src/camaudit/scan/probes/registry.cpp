// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/probes/registry.hpp>

namespace camaudit::scan::probes {

const std::vector<const Probe*>& all() {
  static const std::vector<const Probe*> probes = {
      // first contact (TLS before the web root, so port 443 is known to be HTTPS)
      &tls_certificate(), &web_root(), &rtsp_describe(), &dahua_realm(), &banner(),
      // follow-ups
      &favicon(), &sadp_unicast(), &dhip_unicast(), &onvif_device(), &wsd_unicast(), &hikvision_web(), &dahua_rpc2_login(), &axis_basic_info(),
      // inventory (only with --credentials)
      &hikvision_isapi(), &dahua_magicbox(), &hanwha_sunapi(), &uniview_lapi(), &onvif_inventory(),
  };
  return probes;
}

const Probe* find(std::string_view name) {
  for (const Probe* p : all())
    if (p->name() == name) return p;
  return nullptr;
}

}  // namespace camaudit::scan::probes
