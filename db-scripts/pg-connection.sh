# Sourced by backup.sh and restore.sh: turns the database setting into libpq's terms for pg_dump/pg_restore.
#
# conode_database_conninfo VALUE sets `conninfo` to a libpq connection string for VALUE, which may be
#   - a postgres:// or postgresql:// URL, or libpq keywords (host=… dbname=…): used as they are;
#   - an Npgsql connection string (Host=…;Database=…;Username=…;Password=…), as in private.toml or
#     CONODE_DATABASE: translated; its password goes to PGPASSWORD instead of the command line.
# With an empty VALUE, libpq's own PGDATABASE (and PGHOST/PGPORT/PGUSER/PGPASSWORD) say where; without
# PGDATABASE either, it fails: a script must never guess which database to dump or overwrite.

conode_database_conninfo() {
    local value=$1
    case "$value" in
        "" )
            if [ -z "${PGDATABASE:-}" ]; then
                echo "no database given: use -d, CONODE_DATABASE or libpq's PGDATABASE (with PGHOST, PGUSER, ...)" >&2
                return 1
            fi
            conninfo="dbname='$PGDATABASE'"
            return 0 ;;
        *";"* ) ;; # Npgsql separates its keywords with ';', libpq with spaces
        * ) conninfo=$value; return 0 ;;
    esac
    local pair key val
    conninfo=""
    local IFS=';'
    for pair in $value; do
        [ -n "$pair" ] || continue
        key=$(printf '%s' "${pair%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')
        val=${pair#*=}
        case "$key" in
            host | server ) key=host ;;
            port ) ;;
            database | db ) key=dbname ;;
            username | userid | user | uid ) key=user ;;
            password | pwd ) export PGPASSWORD=$val; continue ;;
            sslmode )
                # Npgsql's VerifyFull / VerifyCA are libpq's verify-full / verify-ca.
                val=$(printf '%s' "$val" | tr '[:upper:]' '[:lower:]' | sed 's/^verify/verify-/') ;;
            * ) continue ;; # pooling and other client-side settings mean nothing to pg_dump
        esac
        val=${val//\\/\\\\}
        val=${val//\'/\\\'}
        conninfo+="$key='$val' "
    done
    conninfo=${conninfo% }
}
