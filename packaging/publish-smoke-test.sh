#!/usr/bin/env bash
# Publishes the conode exactly as packaging/Dockerfile does, then runs the published binary the way the
# image does (setup in a volume-like folder, server, a client request), so CI checks the image's contents
# on a machine without a Docker engine. Ends with "N passed, N failed".
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d /tmp/conode-publish.XXXXXX)
trap 'if [[ -n ${server:-} ]]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

publish_line=$(grep -E '^RUN dotnet publish' "$root/packaging/Dockerfile")
[[ -n $publish_line ]] || { echo "publish-smoke-test: no publish step in packaging/Dockerfile" >&2; exit 1; }
publish=${publish_line#RUN }
(cd "$root" && eval "${publish/-o \/app/-o $work/app}" >/dev/null)   # the image's step, into a scratch folder

# The image's layout: config and database both in one data folder.
data=$work/conode_data
mkdir -p "$data"
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config CONODE_SERVICE_PATH=$data
mkdir -p "$XDG_CONFIG_HOME"
ln -s "$data" "$XDG_CONFIG_HOME/conode"
port=$(( 20000 + RANDOM % 10000 ))
passed=0 failed=0
check() { if "$@"; then passed=$((passed + 1)); else echo "publish-smoke-test: failed: $*" >&2; failed=$((failed + 1)); fi; }

printf '127.0.0.1:%s\nsmoke test\n\n' "$port" | "$work/app/conode" setup >/dev/null
check test -f "$data/private.toml"
check test -f "$data/public.toml"
check test "$(stat -c %a "$data/private.toml")" = 600

"$work/app/conode" -d 1 server >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$((port + 1))/ok" >/dev/null 2>&1 && break; sleep 0.5; done
check curl -fs "http://127.0.0.1:$((port + 1))/ok" -o /dev/null
check "$work/app/conode" check "$data/public.toml"
check test -n "$(ls "$data"/*.db 2>/dev/null)"
[[ $failed == 0 ]] || cat "$work/server.log" >&2
echo "publish: ${passed} passed, ${failed} failed"
(( failed == 0 ))
