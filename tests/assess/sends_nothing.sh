#!/usr/bin/env bash
# Assessment never talks to the network: the assess library's objects reference no
# socket, name-resolution or send call, nothing from camaudit::scan or camaudit::discover,
# and its sources include nothing from scan/, discover/, pipeline/ or app/.
# Usage: sends_nothing.sh LIBCAMAUDIT_ASSESS.a SRC_DIR
set -euo pipefail
lib=$1 src=$2
undefined=$(nm -u -C "$lib" | awk '{print $NF}')
bad=$(grep -E '^(socket|connect|bind|send|sendto|sendmsg|sendmmsg|write|writev|getaddrinfo|gethostbyname|curl_.*)(@.*)?$' <<<"$undefined" || true)
bad+=$(grep -E '^camaudit::(scan|discover|pipeline|app)::' <<<"$undefined" || true)
bad+=$(grep -rnE '#include <camaudit/(scan|discover|pipeline|app)/' "$src" || true)
if [[ -n $bad ]]; then
  echo "assess/ reaches for the network or an upstream stage:"
  echo "$bad"
  exit 1
fi
echo "assess/: $(wc -l <<<"$undefined") undefined symbols, none a socket call or from scan/discover/pipeline/app"
