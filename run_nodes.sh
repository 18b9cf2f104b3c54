#!/usr/bin/env bash
# Starts a local cothority of N conodes on one machine, like the Go conode's run_nodes.sh:
#   ./run_nodes.sh -n 5 -d DIR -v 2
# Each node lives in DIR/co<n> (set up on first use), ports 7770, 7772, … (WebSocket on port+1),
# all databases in DIR. DIR/public.toml is the roster of all nodes. Ctrl-C stops every node.
set -euo pipefail

usage() {
    cat <<USAGE
Usage: $0 [options]
  -n N    number of nodes (default 3)
  -p P    base port (default 7770); node n uses P+2(n-1) and the next port for clients
  -i IP   address the nodes publish (default 127.0.0.1)
  -d DIR  folder for configs, databases and logs (default .)
  -v N    debug level of the nodes, 0-5 (default 0)
  -q      show only node 1's log on the terminal
  -f      delete the databases (*.db) in DIR before starting
  -t      timestamps in the logs (DEBUG_TIME=true)
  -s      do not restart a node that stops
  -c      coloured logs (DEBUG_COLOR=true)
  -a      allow insecure admin requests (COTHORITY_ALLOW_INSECURE_ADMIN=1)
  -h      this help
Environment: CONODE_BIN=path of a conode executable to use instead of building this checkout.
USAGE
}

nodes=3 base_port=7770 ip=127.0.0.1 dir=. verbose=0 quiet=false flush=false restart=true
while getopts "hn:p:i:d:v:qftsca" opt; do
    case "$opt" in
        h) usage; exit 0 ;;
        n) nodes=$OPTARG ;;
        p) base_port=$OPTARG ;;
        i) ip=$OPTARG ;;
        d) dir=$OPTARG ;;
        v) verbose=$OPTARG ;;
        q) quiet=true ;;
        f) flush=true ;;
        t) export DEBUG_TIME=true ;;
        s) restart=false ;;
        c) export DEBUG_COLOR=true ;;
        a) export COTHORITY_ALLOW_INSECURE_ADMIN=1 ;;
        *) usage >&2; exit 1 ;;
    esac
done
[[ $nodes =~ ^[1-9][0-9]*$ ]] || { echo "run_nodes.sh: -n needs a positive number, got '$nodes'" >&2; exit 1; }
[[ $base_port =~ ^[0-9]+$ ]] && (( base_port > 0 && base_port + 2 * nodes < 65535 )) ||
    { echo "run_nodes.sh: -p needs a port that leaves room for $nodes nodes, got '$base_port'" >&2; exit 1; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ -z ${CONODE_BIN:-} ]]; then
    # Build this checkout (incremental, so a second start is quick).
    echo "Building conode ..."
    dotnet publish "$root/Conode.Silo/Conode.Silo.csproj" -c Release -o "$root/artifacts/conode" --nologo -v quiet >/dev/null
    CONODE_BIN=$root/artifacts/conode/conode
fi
[[ -x $CONODE_BIN ]] || { echo "run_nodes.sh: $CONODE_BIN is not an executable conode" >&2; exit 1; }

mkdir -p "$dir"
cd "$dir"
dir=$(pwd)
rm -f public.toml
mkdir -p log
$flush && rm -f ./*.db
touch running
export CONODE_SERVICE_PATH=$dir

pids=()
stop_all() {
    rm -f "$dir/running"
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    # The conode processes are grandchildren (behind the restart loop and tee): find them by their config path.
    pkill -f -- "-c $dir/co[0-9]+/private.toml server" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap 'echo; echo "Stopping all nodes"; stop_all; exit 0' INT TERM
trap stop_all EXIT

for ((n = 1; n <= nodes; n++)); do
    port=$((base_port + 2 * (n - 1)))
    co=co$n
    if [[ ! -d $co ]]; then
        printf '%s:%s\nConode_%s\n%s\n' "$ip" "$port" "$n" "$co" | "$CONODE_BIN" -d "$verbose" setup >/dev/null ||
            { echo "run_nodes.sh: setup of $co failed" >&2; exit 1; }
    fi
    log=log/conode_${co}_${port}-$(date +%y%m%d-%H%M).log
    (
        while [[ -f $dir/running ]]; do
            if [[ $n == 1 ]] || ! $quiet; then
                "$CONODE_BIN" -d "$verbose" -c "$dir/$co/private.toml" server 2>&1 | tee -a "$log" || true
            else
                "$CONODE_BIN" -d "$verbose" -c "$dir/$co/private.toml" server >>"$log" 2>&1 || true
            fi
            $restart || break
            [[ -f $dir/running ]] && sleep 1
        done
    ) &
    pids+=($!)
    cat "$co/public.toml" >>public.toml
done

# Tell the operator when every node answers, rather than leaving them to guess.
command -v curl >/dev/null || nodes=0
for ((n = 1; n <= nodes; n++)); do
    ws_port=$((base_port + 2 * (n - 1) + 1))
    for _ in $(seq 1 120); do
        curl -fs "http://127.0.0.1:$ws_port/ok" >/dev/null 2>&1 && break
        sleep 0.5
    done
done
echo "Cothority of $nodes nodes is up; roster in $dir/public.toml. Ctrl-C stops it."
wait
