# Sourced by scripts/check: a throw-away PostgreSQL server for the tests, from Debian's packages.
# Sets DOCKET_TEST_POSTGRES_URL; stop_postgres removes the server and its data.
PG_DIR=""
start_postgres() {
  local bindir port
  if [ -n "${DOCKET_TEST_POSTGRES_URL:-}" ]; then
    echo "== Using the PostgreSQL server at DOCKET_TEST_POSTGRES_URL"
    return 0
  fi
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bindir" ]; then
    echo "== Installing PostgreSQL from Debian's packages"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  PG_DIR=$(mktemp -d /tmp/docket-pg.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  local run=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$PG_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bindir/initdb" -D "$PG_DIR/data" -U docket --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${run[@]}" "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
  "${run[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U docket docket_test
  export DOCKET_TEST_POSTGRES_URL="postgresql://docket@127.0.0.1:$port/docket_test"
  PG_BIN="$bindir"
  PG_RUN=("${run[@]}")
  echo "== PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port"
}
stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ]; then
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
