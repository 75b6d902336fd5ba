#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl in a temporary
# directory, run as an unprivileged user, listening only on a Unix socket in that
# directory (no TCP port at all), trust authentication (nobody else can reach the socket:
# the directory is the cluster owner's). Never touches a system cluster.
#
# Usage:
#   eval "$(scripts/pg-cluster.sh start)"   # prints CAMAUDIT_TEST_PG=postgresql://... and PG_CLUSTER_DIR=...
#   scripts/pg-cluster.sh stop "$PG_CLUSTER_DIR"
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "pg-cluster: PostgreSQL server binaries not found (scripts/install-deps.sh installs them)" >&2
  exit 1
fi

# Who owns the cluster: PostgreSQL refuses to run as root. Debian's package creates the
# 'postgres' system user; as an ordinary user we are already unprivileged.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/camaudit-pg.XXXXXX)
    chmod 755 "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U camaudit --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $dir -c fsync=off -c max_connections=200" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/createdb" -h "$dir" -U camaudit camaudit_test
    echo "export PG_CLUSTER_DIR=$dir"
    echo "export CAMAUDIT_TEST_PG='postgresql:///camaudit_test?host=$dir&user=camaudit'"
    ;;
  stop)
    dir=${2:?usage: pg-cluster.sh stop DIR}
    [[ -d "$dir/data" ]] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/pg-cluster.sh start | stop DIR" >&2
    exit 2
    ;;
esac
