// StoreSkipBlock latency as an application sees it: the official npm client appends blocks to a new chain on a
// running roster (ours, Go's or mixed) and prints percentiles. A Status request to the same leader is timed in
// the same run, interleaved with the appends, as the machine's baseline: the ratio append ÷ status compares
// runs on different or busy machines. The warm-up brings our conodes to their steady state (tiered JIT done, about
// 800 appends); a Go roster needs none. Not a test; see docs/performance.md.
//   node bench-skipchain.js ROSTER.toml [appends=200] [warm-up=1000]
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const { Roster } = require("@dedis/cothority/network");
const SkipchainRPC = require("@dedis/cothority/skipchain/skipchain-rpc").default;
const StatusRPC = require("@dedis/cothority/status/status-rpc").default;

function percentile(sorted, p) {
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timed(call) {
    const started = process.hrtime.bigint();
    await call();
    return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * How fast this machine is right now: the best of 30 SHA-256 digests of 1 MiB in this process, timed while the
 * conodes are idle. The host's speed drifts (the same build's p50 moved by a third within an hour here), so a run's
 * figures are also given divided by this.
 */
function machineBaseline() {
    const data = Buffer.alloc(1 << 20, 7);
    let best = Infinity;
    for (let i = 0; i < 30; i++) {
        const started = process.hrtime.bigint();
        crypto.createHash("sha256").update(data).digest();
        best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
    }
    return best;
}

function summary(name, samples) {
    const sorted = [...samples].sort((a, b) => a - b);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    return { name, n: samples.length, min: sorted[0], p50: percentile(sorted, 50), p90: percentile(sorted, 90),
        p99: percentile(sorted, 99), mean };
}

async function main() {
    const [tomlPath, appendsText, warmUpText] = process.argv.slice(2);
    if (!tomlPath) {
        console.error("usage: node bench-skipchain.js ROSTER.toml [appends=200] [warm-up=1000]");
        process.exit(2);
    }
    const appends = Number(appendsText || 200);
    const warmUp = Number(warmUpText || 1000);
    const roster = Roster.fromTOML(fs.readFileSync(tomlPath, "utf8"));
    const skipchain = new SkipchainRPC(roster);
    const status = new StatusRPC(roster);

    const genesis = (await skipchain.createSkipchain()).latest;
    const appendTimes = [];
    const statusTimes = [];
    let baseline = Infinity;
    for (let i = 0; i < warmUp + appends; i++) {
        if (i === warmUp) {
            baseline = machineBaseline();
        }
        const append = await timed(() => skipchain.addBlock(genesis.hash, Buffer.from(`block ${i}`)));
        const read = await timed(() => status.getStatus(0));
        if (i >= warmUp) {
            appendTimes.push(append);
            statusTimes.push(read);
        }
    }
    baseline = Math.min(baseline, machineBaseline());
    const rows = [summary("StoreSkipBlock", appendTimes), summary("Status (baseline)", statusTimes)];
    console.log(`${roster.list.length} nodes, ${appends} appends after ${warmUp} warm-up, times in ms`);
    console.log("operation          |     n |   min |   p50 |   p90 |   p99 |  mean");
    for (const r of rows) {
        console.log(`${r.name.padEnd(18)} | ${String(r.n).padStart(5)} | ${[r.min, r.p50, r.p90, r.p99, r.mean]
            .map((v) => v.toFixed(1).padStart(5)).join(" | ")}`);
    }
    console.log(`p50 ratio StoreSkipBlock / Status: ${(rows[0].p50 / rows[1].p50).toFixed(1)}`);
    console.log(`machine baseline: SHA-256 of 1 MiB in ${baseline.toFixed(2)} ms; ` +
        `p50 StoreSkipBlock / baseline: ${(rows[0].p50 / baseline).toFixed(1)}`);
}

main().then(() => process.exit(0), (error) => {
    console.error(error);
    process.exit(1);
});
