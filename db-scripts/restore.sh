#!/usr/bin/env bash
# Restores a backup written by backup.sh into an empty PostgreSQL database (new host, fresh database).
#
#   db-scripts/restore.sh [-d DATABASE] [--clean] FILE
#
# DATABASE as for backup.sh (default $CONODE_DATABASE, else libpq's PG* variables). The database must exist
# and be owned by the role restoring into it (CREATE DATABASE conode OWNER conode); objects become that
# role's. A database that already holds tables is refused unless --clean is given, which drops what the
# backup contains first. Stop every silo using the database before --clean. Everything runs in one
# transaction: on any error nothing is changed. Afterwards start the node(s) as usual (`conode server`).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/pg-connection.sh"

usage() {
    echo "usage: $0 [-d DATABASE] [--clean] FILE" >&2
    exit 2
}

database=${CONODE_DATABASE:-}
clean=0
file=""
while [ $# -gt 0 ]; do
    case "$1" in
        -d | --database) [ $# -ge 2 ] || usage; database=$2; shift 2 ;;
        --clean) clean=1; shift ;;
        -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) usage ;;
        *) [ -z "$file" ] || usage; file=$1; shift ;;
    esac
done
[ -n "$file" ] || usage
for tool in pg_restore psql; do
    command -v "$tool" >/dev/null || { echo "restore.sh: $tool not found (Debian: apt-get install postgresql-client-15)" >&2; exit 1; }
done
[ -r "$file" ] || { echo "restore.sh: cannot read $file" >&2; exit 1; }
pg_restore --list "$file" >/dev/null 2>&1 || { echo "restore.sh: $file is not a backup written by backup.sh (pg_dump custom format)" >&2; exit 1; }

conode_database_conninfo "$database" || exit 1
if ! tables=$(psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$conninfo" \
        --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"); then
    echo "restore.sh: cannot connect to the target database" >&2
    exit 1
fi
options=()
if [ "$tables" != 0 ]; then
    if [ "$clean" = 0 ]; then
        echo "restore.sh: the target database already holds $tables tables; restore into a fresh database, or add --clean to replace its content" >&2
        exit 1
    fi
    options+=(--clean --if-exists)
fi
if ! pg_restore --exit-on-error --single-transaction --no-owner --no-privileges "${options[@]}" \
        --dbname="$conninfo" "$file"; then
    echo "restore.sh: pg_restore failed; the target database is unchanged" >&2
    exit 1
fi
echo "Restored $file. Start the node with its private.toml pointing at this database."
