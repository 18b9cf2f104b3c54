// Asks every server of a roster TOML for its status with the official npm client
// (@dedis/cothority StatusRPC), exactly as an application would, and prints one JSON
// object per line. Exit code 1 when any server fails. Used by the .NET integration tests.
"use strict";
const fs = require("fs");
const { Roster } = require("@dedis/cothority/network");
const StatusRPC = require("@dedis/cothority/status/status-rpc").default;

async function main() {
    const [tomlPath, timeoutMs] = process.argv.slice(2);
    if (!tomlPath) {
        console.error("usage: node status.js ROSTER.toml [timeoutMs]");
        process.exit(2);
    }
    const roster = Roster.fromTOML(fs.readFileSync(tomlPath, "utf8"));
    const rpc = new StatusRPC(roster);
    rpc.setTimeout(Number(timeoutMs || 10000));
    let failures = 0;
    for (let i = 0; i < roster.list.length; i++) {
        const member = roster.list[i];
        try {
            const reply = await rpc.getStatus(i);
            const sections = {};
            for (const [name, status] of Object.entries(reply.status)) {
                sections[name] = status.field;
            }
            console.log(JSON.stringify({
                index: i,
                address: member.address,
                ok: true,
                sections,
                serverIdentity: {
                    public: reply.serverIdentity.getPublic().marshalBinary().toString("hex"),
                    id: Buffer.from(reply.serverIdentity.id).toString("hex"),
                    address: reply.serverIdentity.address,
                    description: reply.serverIdentity.description,
                    services: reply.serverIdentity.serviceIdentities.map((s) => s.name),
                },
            }));
        } catch (e) {
            failures++;
            console.log(JSON.stringify({ index: i, address: member.address, ok: false, error: String(e && e.message || e) }));
        }
    }
    process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
    console.error(e && e.stack || e);
    process.exit(2);
});
