using Conode.Client;
using Conode.Client.Skipchain;
using Conode.Client.WebSockets;
using Conode.Crypto.Bls;
using Conode.IntegrationTests.Harness;
using Conode.IntegrationTests.Status;
using Conode.Network;
using Conode.Services.Skipchain;
using Xunit.Abstractions;

namespace Conode.IntegrationTests.Skipchain;

/// <summary>Chains on three real nodes over TLS, written by our client and by the npm client, and Go's refusals.</summary>
[Collection(ThreeNodeCollection.Name)]
public sealed class SkipchainTests(ThreeNodeCothority fixture, ITestOutputHelper output)
{
    private readonly ConodeClient _client = new();

    private LocalCothority Cothority => fixture.Cothority;

    [Fact]
    public async Task Twenty_blocks_on_three_nodes_are_served_verified_by_every_node()
    {
        var chain = await SkipchainChecks.GrowChainAsync(_client, SkipchainChecks.RosterOf(Cothority), 20, output);

        foreach (var node in Cothority.Nodes)
        {
            await SkipchainChecks.AssertServesChainAsync(_client, ConnectivityTests.Endpoint(node), chain);
        }
    }

    [Fact]
    public async Task Npm_client_skipchain_rpc_creates_appends_and_reads_a_chain()
    {
        var (exitCode, lines, stderr) = await NodeJs.RunScriptAsync("skipchain.js", Cothority.RosterPath, "6");

        Assert.True(exitCode == 0, $"skipchain.js failed ({exitCode}): {string.Join('\n', lines)}\n{stderr}");
        var steps = lines.Select(line => line.GetProperty("step").GetString()).ToList();
        Assert.Equal(["createSkipchain", .. Enumerable.Repeat("addBlock", 6), "getUpdateChain", .. Enumerable.Repeat("getSkipBlockByIndex", 4),
            "getSkipBlock", "getAllSkipChainIDs"], steps);
        var genesis = Convert.FromHexString(lines[0].GetProperty("hash").GetString()!);
        foreach (var node in Cothority.Nodes)
        {
            var blocks = await _client.RequestAsync<GetUpdateChain, GetUpdateChainReply>(ConnectivityTests.Endpoint(node),
                SkipchainConstants.ServiceName, new GetUpdateChain { LatestId = genesis, MaxHeight = 1 });
            SkipchainVerifier.VerifyChain(blocks.Update, genesis);
            Assert.Equal(7, blocks.Update.Count);
        }
    }

    [Fact]
    public async Task Only_the_leader_of_the_new_block_may_append()
    {
        var roster = SkipchainChecks.RosterOf(Cothority);
        var genesis = await _client.CreateGenesisAsync(roster, [], 2, 4);

        var error = await Assert.ThrowsAsync<ConodeClientException>(() => _client.StoreAsync(ConnectivityTests.Endpoint(Cothority.Nodes[1]),
            new StoreSkipBlock { TargetSkipChainId = genesis.Hash, NewBlock = new SkipBlock { Roster = roster } }));
        Assert.Equal("unexpected error: processing error: only leader is allowed to add blocks", error.CloseReason);
    }

    [Fact]
    public async Task A_node_outside_the_chains_roster_cannot_append_to_it()
    {
        var members = ConnectivityTests.Roster(Cothority);
        var genesis = await _client.CreateGenesisAsync(Roster.Create(members.Take(2)), [], 2, 4);
        var outsider = Roster.Create([members[2], members[0], members[1]]);

        var error = await Assert.ThrowsAsync<ConodeClientException>(() => _client.AddBlockAsync(genesis, [1], outsider));
        Assert.Equal("unexpected error: processing error: this node is not in the previous roster", error.CloseReason);
        var latest = await _client.GetSingleBlockByIndexAsync(ConnectivityTests.Endpoint(Cothority.Nodes[0]), genesis.Hash, -1);
        Assert.Equal(0, latest.SkipBlock!.Index);
    }

    [Fact]
    public async Task Forward_signature_requests_that_do_not_fit_the_chain_are_refused()
    {
        var roster = SkipchainChecks.RosterOf(Cothority);
        var chain = await SkipchainChecks.GrowChainAsync(_client, roster, 2);
        var node = ConnectivityTests.Endpoint(Cothority.Nodes[0]);

        // Block 2's level-1 back link is the genesis, not block 1.
        var mismatched = await Assert.ThrowsAsync<ConodeClientException>(() => RequestLinkAsync(node,
            new ForwardSignature { TargetHeight = 1, Previous = chain[1].Hash, Newest = chain[2] }));
        // Close reasons are cut at 123 bytes: the address before the text leaves room for its start only.
        Assert.Contains("couldn't create forwardLink: TargetHeight backlink doesn't", mismatched.CloseReason);

        // A block that claims block 2's hash with other content: the roster refuses to sign a link to it.
        var forged = Copy(chain[2]);
        forged.Data = "forged"u8.ToArray();
        var refused = await Assert.ThrowsAsync<ConodeClientException>(() => RequestLinkAsync(node,
            new ForwardSignature { TargetHeight = 1, Previous = chain[0].Hash, Newest = forged }));
        Assert.Contains("couldn't create forwardLink", refused.CloseReason);

        // A block of its own hash that is not in the chain: no links lead to it.
        forged.Hash = SkipBlockHashing.ComputeHash(forged);
        var unreachable = await Assert.ThrowsAsync<ConodeClientException>(() => RequestLinkAsync(node,
            new ForwardSignature { TargetHeight = 1, Previous = chain[0].Hash, Newest = forged }));
        Assert.Contains("couldn't create forwardLink: Couldn't reach the proposed", unreachable.CloseReason);
    }

    private Task<ForwardSignatureReply> RequestLinkAsync(ConodeEndpoint node, ForwardSignature request) =>
        _client.RequestAsync<ForwardSignature, ForwardSignatureReply>(node, SkipchainConstants.ServiceName, request);

    private static SkipBlock Copy(SkipBlock block) => Protobuf.DedisProtobuf.Decode<SkipBlock>(Protobuf.DedisProtobuf.Encode(block));
}

/// <summary>Seven nodes: the same chain checks with more signers per link.</summary>
[Collection(OwnCothorityCollection.Name)]
public sealed class SevenNodeSkipchainTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Blocks_on_seven_nodes_are_served_verified_by_every_node()
    {
        await using var cothority = await LocalCothority.StartAsync(7);
        var client = new ConodeClient();

        var chain = await SkipchainChecks.GrowChainAsync(client, SkipchainChecks.RosterOf(cothority), 9, output);

        foreach (var node in cothority.Nodes)
        {
            await SkipchainChecks.AssertServesChainAsync(client, ConnectivityTests.Endpoint(node), chain);
        }
    }
}

/// <summary>Nodes that crash or are down: each test has a cothority of its own.</summary>
[Collection(OwnCothorityCollection.Name)]
public sealed class SkipchainFailureTests
{
    [Fact]
    public async Task After_every_node_is_killed_and_restarted_all_acknowledged_blocks_are_there_and_the_chain_grows()
    {
        await using var cothority = await LocalCothority.StartAsync(3);
        var client = new ConodeClient();
        var chain = await SkipchainChecks.GrowChainAsync(client, SkipchainChecks.RosterOf(cothority), 6);

        foreach (var node in cothority.Nodes)
        {
            await node.KillAsync();
        }
        foreach (var node in cothority.Nodes)
        {
            await node.RestartAsync();
        }

        foreach (var node in cothority.Nodes)
        {
            foreach (var block in chain)
            {
                Assert.Equal(block.Hash, (await client.GetSingleBlockAsync(ConnectivityTests.Endpoint(node), block.Hash)).Hash);
            }
        }
        await SkipchainChecks.AppendAsync(client, chain, 3);
        foreach (var node in cothority.Nodes)
        {
            await SkipchainChecks.AssertServesChainAsync(client, ConnectivityTests.Endpoint(node), chain);
        }
    }

    [Fact]
    public async Task With_one_of_four_nodes_down_blocks_are_appended_and_the_links_mask_leaves_it_out()
    {
        await using var cothority = await LocalCothority.StartAsync(4);
        var client = new ConodeClient();
        var roster = SkipchainChecks.RosterOf(cothority);
        var chain = await SkipchainChecks.GrowChainAsync(client, roster, 1);

        await cothority.Nodes[3].KillAsync();
        await SkipchainChecks.AppendAsync(client, chain, 2);

        foreach (var (previous, block) in new[] { (chain[1], chain[2]), (chain[2], chain[3]) })
        {
            var stored = await client.GetSingleBlockAsync(ConnectivityTests.Endpoint(cothority.Nodes[1]), previous.Hash);
            var link = stored.ForwardLinks[0];
            Assert.Equal(block.Hash, link.To);
            var mask = CosiSignature.GetMask(link.Signature.Sig, roster.List.Count);
            Assert.Equal([0, 1, 2], mask.Enabled);
        }
        foreach (var node in cothority.Nodes.Take(3))
        {
            Assert.Equal(chain[^1].Hash, (await client.GetSingleBlockAsync(ConnectivityTests.Endpoint(node), chain[^1].Hash)).Hash);
        }
    }
}
