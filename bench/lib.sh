# Shared by the bench/*.sh scripts that time whole commands (source it after `cd` to the
# repository): start a camfarm estate, time a command, take a median.

# start_farm BUILD_DIR LOG RANGE LIVE SEED DURATION: camfarm with the full mix, in the
# background ($farm is its pid); returns once it says "ready", or exits the script.
start_farm() {
  "$1/tools/camfarm/camfarm" --estate tools/camfarm/estates/full-mix.toml --range "$3" --live "$4" \
    --seed "$5" --duration "$6" >"$2" 2>&1 &
  farm=$!
  for _ in $(seq 300); do grep -q ready "$2" && break; sleep 0.1; done
  grep -q ready "$2" || { cat "$2"; exit 1; }
}

# wall_seconds COMMAND...: runs it (output discarded), prints its wall seconds.
wall_seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f\n", b - a}'
}

# median VALUE...: the median of the numbers given.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
