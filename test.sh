#!/usr/bin/env bash
# Runs every test of Conode.NET: unit, integration (real nodes on 127.0.0.1) and interop with the npm
# client. Installs the pinned npm packages first. Ends with one line "N passed, N failed".
# PostgreSQL tests use CONODE_TEST_POSTGRES when it is set; otherwise this script starts a throwaway
# PostgreSQL 15 on 127.0.0.1 (db-scripts/throwaway-postgres.sh) and removes it at the end. Without a
# PostgreSQL server installed those tests are skipped, unless CONODE_REQUIRE_POSTGRES=1 (CI) fails them.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "test.sh: node and npm are needed for the interop tests (Debian: apt-get install nodejs npm)" >&2
    exit 1
fi
(cd test/interop-js && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

if [ -z "${CONODE_TEST_POSTGRES:-}" ]; then
    if postgres_exports=$(db-scripts/throwaway-postgres.sh start); then
        eval "$postgres_exports"
        trap 'db-scripts/throwaway-postgres.sh stop "$CONODE_TEST_POSTGRES_DIR"' EXIT
    else
        echo "test.sh: no throwaway PostgreSQL (see above): the PostgreSQL tests will be skipped (failed under CONODE_REQUIRE_POSTGRES=1)" >&2
    fi
fi

results=$root/artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
status=0
dotnet test Conode.sln -c Release --nologo --results-directory "$results" --logger "trx" "$@" 2>&1 | tee "$results/dotnet-test.log" || status=$?

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 13, Skipped: 0, Total: 13").
read -r passed failed skipped < <(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$results/dotnet-test.log" |
    awk -F'[:,] *' '{f += $2; p += $4; s += $6} END {print p + 0, f + 0, s + 0}')
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if (( status == 0 && passed == 0 )); then
    echo "test.sh: no test ran" >&2
    status=1
fi
exit "$status"
