#!/usr/bin/env bash
# Backs up a Conode.NET PostgreSQL database with pg_dump, while the node runs (pg_dump reads one
# consistent snapshot).
#
#   db-scripts/backup.sh [-d DATABASE] [--force] FILE
#
# DATABASE is an Npgsql connection string (as in private.toml's [Database] PostgreSQL), a postgres:// URL or
# libpq keywords; default: $CONODE_DATABASE, else libpq's PGHOST/PGPORT/PGDATABASE/PGUSER/PGPASSWORD.
# FILE is written in pg_dump's custom format (restore it with restore.sh); an existing FILE is kept unless
# --force is given. Cluster membership (which silos are up) is left out: it describes the running processes,
# not the node's data. The dump holds no keys: keep private.toml safe as well.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/pg-connection.sh"

usage() {
    echo "usage: $0 [-d DATABASE] [--force] FILE" >&2
    exit 2
}

database=${CONODE_DATABASE:-}
force=0
file=""
while [ $# -gt 0 ]; do
    case "$1" in
        -d | --database) [ $# -ge 2 ] || usage; database=$2; shift 2 ;;
        -f | --force) force=1; shift ;;
        -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) usage ;;
        *) [ -z "$file" ] || usage; file=$1; shift ;;
    esac
done
[ -n "$file" ] || usage
command -v pg_dump >/dev/null || { echo "backup.sh: pg_dump not found (Debian: apt-get install postgresql-client-15)" >&2; exit 1; }
if [ -e "$file" ] && [ "$force" = 0 ]; then
    echo "backup.sh: $file exists; add --force to replace it" >&2
    exit 1
fi

conode_database_conninfo "$database" || exit 1
partial="$file.partial.$$"
trap 'rm -f "$partial"' EXIT
# Written next to FILE and renamed when complete, so a failed run never leaves a truncated backup behind.
if ! pg_dump --format=custom --file="$partial" \
        --exclude-table-data=orleans_silo --exclude-table-data=orleans_cluster_version \
        --dbname="$conninfo"; then
    echo "backup.sh: pg_dump failed; no backup written" >&2
    exit 1
fi
chmod 600 "$partial"
mv "$partial" "$file"
echo "Backed up to $file ($(wc -c <"$file") bytes). Keep private.toml safe as well: the backup holds no keys."
