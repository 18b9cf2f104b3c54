// Drives the official npm client's SkipchainRPC against a roster of conodes, as an application would:
// createSkipchain, addBlock ×N, getUpdateChain with verification, verifyChain, getSkipBlockByIndex, getSkipBlock,
// getAllSkipChainIDs. Prints one JSON object per step; exit code 1 when a step fails. Used by the .NET
// integration tests.
"use strict";
const fs = require("fs");
const { Roster } = require("@dedis/cothority/network");
const SkipchainRPC = require("@dedis/cothority/skipchain/skipchain-rpc").default;

const hex = (buffer) => Buffer.from(buffer).toString("hex");
const print = (step) => console.log(JSON.stringify(step));

function check(condition, what) {
    if (!condition) {
        throw new Error(what);
    }
}

async function main() {
    const [tomlPath, blocksText] = process.argv.slice(2);
    if (!tomlPath) {
        console.error("usage: node skipchain.js ROSTER.toml [blocks]");
        process.exit(2);
    }
    const blocks = Number(blocksText || 5);
    const roster = Roster.fromTOML(fs.readFileSync(tomlPath, "utf8"));
    const rpc = new SkipchainRPC(roster);

    const genesis = (await rpc.createSkipchain()).latest;
    check(genesis.computeHash().equals(genesis.hash), "genesis: hash does not match");
    print({ step: "createSkipchain", index: genesis.index, hash: hex(genesis.hash), baseHeight: genesis.baseHeight,
        maxHeight: genesis.maxHeight });

    let latest = genesis;
    for (let i = 1; i <= blocks; i++) {
        const reply = await rpc.addBlock(genesis.hash, Buffer.from(`block ${i}`));
        check(reply.latest.computeHash().equals(reply.latest.hash), `block ${i}: hash does not match`);
        check(reply.previous.hash.equals(latest.hash), `block ${i}: previous is not the last block`);
        latest = reply.latest;
        print({ step: "addBlock", index: latest.index, hash: hex(latest.hash) });
    }

    const update = await rpc.getUpdateChain(genesis.hash, true);
    const error = rpc.verifyChain(update, genesis.hash);
    check(error === null, `verifyChain: ${error && error.message}`);
    check(update[update.length - 1].hash.equals(latest.hash), "getUpdateChain does not end at the latest block");
    print({ step: "getUpdateChain", indices: update.map((b) => b.index) });

    for (const index of [...new Set([0, 1, Math.floor(blocks / 2), blocks])]) {
        const reply = await rpc.getSkipBlockByIndex(genesis.hash, index);
        check(reply.skipblock.index === index, `getSkipBlockByIndex(${index}) returned block ${reply.skipblock.index}`);
        check(reply.skipblock.genesis.equals(index === 0 ? Buffer.alloc(0) : genesis.hash), `block ${index}: wrong genesis`);
        print({ step: "getSkipBlockByIndex", index, hash: hex(reply.skipblock.hash), links: reply.links.length });
    }

    const block = await rpc.getSkipBlock(latest.hash);
    check(block.hash.equals(latest.hash) && block.data.toString() === `block ${blocks}`, "getSkipBlock returned another block");
    print({ step: "getSkipBlock", index: block.index, data: block.data.toString() });

    const ids = (await rpc.getAllSkipChainIDs()).map(hex);
    check(ids.includes(hex(genesis.hash)), "getAllSkipChainIDs does not list the new chain");
    print({ step: "getAllSkipChainIDs", count: ids.length });
}

main().catch((e) => {
    print({ step: "failed", error: String(e && e.message || e) });
    process.exit(1);
});
