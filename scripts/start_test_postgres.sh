#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the service tests and print its URL:
#
#   export FORMSIFT_TEST_POSTGRES_URL="$(scripts/start_test_postgres.sh)"
#   ...
#   scripts/start_test_postgres.sh stop
#
# Uses Debian's postgresql package (apt-get install -y postgresql): a fresh cluster in a
# temporary directory, listening on 127.0.0.1 only (a free port, or
# $FORMSIFT_TEST_POSTGRES_PORT), trust authentication, one database `formsift_test`.
# As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail
state=/tmp/formsift-test-pg.dir
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "start_test_postgres: PostgreSQL is not installed (apt-get install -y postgresql)" >&2
  exit 1
fi
as_owner() { "$@"; }
if [ "$(id -u)" = "0" ]; then
  as_owner() { su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; }
fi
if [ "${1:-}" = "stop" ]; then
  if [ -f "$state" ]; then
    data="$(cat "$state")"
    as_owner "$bindir/pg_ctl" -D "$data" -m fast stop >/dev/null || true
    rm -rf "$(dirname "$data")" "$state"
  fi
  exit 0
fi
port="${FORMSIFT_TEST_POSTGRES_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
dir="$(mktemp -d /tmp/formsift-test-pg.XXXXXX)"
[ "$(id -u)" = "0" ] && chown postgres:postgres "$dir"
as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres formsift_test
echo "$dir/data" > "$state"
echo "postgresql://postgres@127.0.0.1:$port/formsift_test"
