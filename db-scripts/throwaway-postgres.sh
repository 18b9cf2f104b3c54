#!/usr/bin/env bash
# A disposable PostgreSQL 15 cluster on 127.0.0.1 for tests and development (never for real data: fsync is off).
#
#   eval "$(db-scripts/throwaway-postgres.sh start [PORT])"   # prints export lines; PORT defaults to a free one
#   db-scripts/throwaway-postgres.sh stop "$CONODE_TEST_POSTGRES_DIR"
#
# start creates the cluster in a new folder under /tmp, a role `conode` (password `conode`, may create databases)
# and a database `conode` it owns, and prints:
#   export CONODE_TEST_POSTGRES_DIR=<folder>   (what stop needs)
#   export CONODE_TEST_POSTGRES='Host=127.0.0.1;Port=<port>;Database=conode;Username=conode;Password=conode'
# As root, initdb and pg_ctl run as the `postgres` user (initdb refuses root).
set -euo pipefail

pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}

die() {
    echo "throwaway-postgres.sh: $*" >&2
    exit 1
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
    [ -x "$pgbin/initdb" ] || die "no PostgreSQL server in $pgbin (Debian: apt-get install postgresql-15, or set PG_BIN)"
    local port=${1:-}
    if [ -z "$port" ]; then
        # Below the ephemeral range (32768+), like every test port of this repository.
        for _ in $(seq 50); do
            port=$((20000 + RANDOM % 12000))
            port_is_free "$port" && break
        done
    fi
    port_is_free "$port" || die "port $port is taken"

    local dir
    dir=$(mktemp -d /tmp/conode-pg.XXXXXX)
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
        chown postgres: "$dir"
    fi
    chmod 700 "$dir"
    # Passwords over TCP, as on a real server (so tests can see a bad password refused); the socket stays trusted.
    as_owner "$pgbin/initdb" -D "$dir/data" -U postgres --auth-host=scram-sha-256 --auth-local=trust \
        -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$dir/initdb.log" 2>&1 || die "initdb failed: $(tail -n 5 "$dir/initdb.log")"
    # -k keeps the unix socket in the folder; fsync off: throwaway data, faster tests.
    as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null || die "PostgreSQL did not start: $(tail -n 5 "$dir/server.log")"
    as_owner psql "host=$dir port=$port user=postgres dbname=postgres" -v ON_ERROR_STOP=1 -q \
        -c "CREATE ROLE conode LOGIN CREATEDB PASSWORD 'conode';" \
        -c "CREATE DATABASE conode OWNER conode;" >/dev/null
    echo "export CONODE_TEST_POSTGRES_DIR=$dir"
    echo "export CONODE_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Database=conode;Username=conode;Password=conode'"
}

stop() {
    local dir=${1:-}
    [ -n "$dir" ] && [ -f "$dir/data/PG_VERSION" ] || die "usage: $0 stop <folder printed by start>"
    as_owner "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    rm -rf "$dir"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    *) die "usage: $0 start [PORT] | stop FOLDER" ;;
esac
