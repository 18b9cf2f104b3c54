// StoreSkipBlock latency as an application sees it: the official npm client appends blocks to a new chain on a
// running roster (ours, Go's or mixed) and prints percentiles. A Status request to the same leader is timed in
// the same run, interleaved with the appends, as the machine's baseline: the ratio append ÷ status compares
// runs on different or busy machines. Not a test; see docs/performance.md.
//   node bench-skipchain.js ROSTER.toml [appends=200] [warm-up=10]
"use strict";
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

function summary(name, samples) {
    const sorted = [...samples].sort((a, b) => a - b);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    return { name, n: samples.length, min: sorted[0], p50: percentile(sorted, 50), p90: percentile(sorted, 90),
        p99: percentile(sorted, 99), mean };
}

async function main() {
    const [tomlPath, appendsText, warmUpText] = process.argv.slice(2);
    if (!tomlPath) {
        console.error("usage: node bench-skipchain.js ROSTER.toml [appends=200] [warm-up=10]");
        process.exit(2);
    }
    const appends = Number(appendsText || 200);
    const warmUp = Number(warmUpText || 10);
    const roster = Roster.fromTOML(fs.readFileSync(tomlPath, "utf8"));
    const skipchain = new SkipchainRPC(roster);
    const status = new StatusRPC(roster);

    const genesis = (await skipchain.createSkipchain()).latest;
    const appendTimes = [];
    const statusTimes = [];
    for (let i = 0; i < warmUp + appends; i++) {
        const append = await timed(() => skipchain.addBlock(genesis.hash, Buffer.from(`block ${i}`)));
        const read = await timed(() => status.getStatus(0));
        if (i >= warmUp) {
            appendTimes.push(append);
            statusTimes.push(read);
        }
    }
    const rows = [summary("StoreSkipBlock", appendTimes), summary("Status (baseline)", statusTimes)];
    console.log(`${roster.list.length} nodes, ${appends} appends after ${warmUp} warm-up, times in ms`);
    console.log("operation          |     n |   min |   p50 |   p90 |   p99 |  mean");
    for (const r of rows) {
        console.log(`${r.name.padEnd(18)} | ${String(r.n).padStart(5)} | ${[r.min, r.p50, r.p90, r.p99, r.mean]
            .map((v) => v.toFixed(1).padStart(5)).join(" | ")}`);
    }
    console.log(`p50 ratio StoreSkipBlock / Status: ${(rows[0].p50 / rows[1].p50).toFixed(1)}`);
}

main().then(() => process.exit(0), (error) => {
    console.error(error);
    process.exit(1);
});
