using System.Net.WebSockets;
using Conode.Client;
using Conode.Client.Skipchain;
using Conode.Client.WebSockets;
using Conode.Crypto.Bn256;
using Conode.Crypto.Ed25519;
using Conode.Network;
using Conode.Services.Skipchain;
using Conode.Services.Status;
using Conode.Silo.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Conode.Silo.Tests.Skipchain;

/// <summary>One in-process node whose client URL is in its identity, so rosters of it can be asked directly.</summary>
public sealed class SkipchainNodeFixture : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("conode-sc-").FullName;
    private WebApplication? _app;

    public NodeOptions Options { get; private set; } = null!;

    public ConodeEndpoint Endpoint => ConodeEndpoint.Of(Options.Identity.ServerIdentity);

    public Roster Roster => Roster.Create([Options.Identity.ServerIdentity]);

    /// <summary>The running node's services (its grains' checks and receivers).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the node is not running");

    public async Task InitializeAsync()
    {
        var options = LoopbackNode.Options(_dataDir, "skipchain test");
        Options = options with
        {
            Identity = NodeIdentity.Create(options.Identity.Key, options.Address, options.Description,
                $"http://127.0.0.1:{options.WebSocketPort}", [new("Skipchain", Bn256KeyPair.Generate())]),
        };
        await StartAsync();
    }

    /// <summary>Stops the node and starts it again on the same data.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    private async Task StartAsync()
    {
        _app = ConodeHost.Build(Options);
        await _app.StartAsync();
    }

    private async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }
}

public sealed class SkipchainServiceTests(SkipchainNodeFixture node) : IClassFixture<SkipchainNodeFixture>
{
    private readonly ConodeClient _client = new();

    [Fact]
    public async Task A_new_chain_is_stored_and_readable_through_every_read_request()
    {
        var genesis = await _client.CreateGenesisAsync(node.Roster, "genesis"u8.ToArray(), 4, 32, SkipchainConstants.VerificationStandard);

        Assert.Equal((0, 32, 32, 4, 1u), (genesis.Index, genesis.Height, genesis.MaximumHeight, genesis.BaseHeight, genesis.SignatureScheme));
        Assert.Equal(32, Assert.Single(genesis.BackLinkIds).Length);
        Assert.Empty(genesis.GenesisId);
        Assert.Equal(SkipBlockHashing.ComputeHash(genesis), genesis.Hash);
        Assert.Equal(node.Roster.Id, genesis.Roster!.Id);

        Assert.Equal(genesis.Hash, (await _client.GetSingleBlockAsync(node.Endpoint, genesis.Hash)).Hash);
        Assert.Equal(genesis.Hash, Assert.Single(await _client.GetUpdateChainAsync(node.Endpoint, genesis.Hash)).Hash);
        Assert.Contains(await _client.GetAllSkipChainIdsAsync(node.Endpoint), id => id.AsSpan().SequenceEqual(genesis.Hash));
        var byIndex = await _client.GetSingleBlockByIndexAsync(node.Endpoint, genesis.Hash, 0);
        Assert.Equal(genesis.Hash, byIndex.SkipBlock!.Hash);
        var pseudoLink = Assert.Single(byIndex.Links);
        Assert.Equal(genesis.Hash, pseudoLink.To);
        Assert.Equal(genesis.Roster.Id, pseudoLink.NewRoster!.Id);

        var status = await _client.GetStatusAsync(node.Endpoint);
        Assert.True(int.Parse(status.Status["Skipblock"].Field["Blocks"]) >= 1);
        Assert.True(int.Parse(status.Status["Skipblock"].Field["Bytes"]) > genesis.Data.Length);
    }

    [Fact]
    public async Task A_one_node_chain_grows_with_every_link_signed_and_verifiable()
    {
        var genesis = await _client.CreateGenesisAsync(node.Roster, [], 2, 8, SkipchainConstants.VerificationStandard);
        var latest = genesis;
        for (var i = 1; i <= 9; i++)
        {
            var reply = await _client.AddBlockAsync(latest, [(byte)i]);
            Assert.Equal(latest.Hash, reply.Previous!.Hash);
            latest = reply.Latest!;
            Assert.Equal(i, latest.Index);
        }

        // Higher-level links are created after the append has been answered.
        var chain = await Conode.Tests.Eventually.AskAsync(() => _client.GetVerifiedChainAsync(node.Roster, genesis.Hash), c => c.Count == 3);
        Assert.Equal([0, 8, 9], chain.Select(b => b.Index));
        var byIndex = await _client.GetSingleBlockByIndexAsync(node.Endpoint, genesis.Hash, 6);
        Assert.Equal([6], byIndex.SkipBlock!.Data);
        Assert.Equal([genesis.Hash, chain[0].ForwardLinks[2].To, byIndex.SkipBlock.Hash], byIndex.Links.Select(l => l.To));
        var level0 = await _client.GetUpdateChainAsync(node.Endpoint, genesis.Hash);
        SkipchainVerifier.VerifyChain(level0, genesis.Hash);
    }

    [Fact]
    public async Task Two_chains_with_identical_requests_are_distinct()
    {
        var first = await _client.CreateGenesisAsync(node.Roster, [], 2, 8, []);
        var second = await _client.CreateGenesisAsync(node.Roster, [], 2, 8, []);

        Assert.NotEqual(first.Hash, second.Hash);
    }

    [Fact]
    public async Task Blocks_survive_a_restart()
    {
        var genesis = await _client.CreateGenesisAsync(node.Roster, "kept"u8.ToArray(), 2, 8, []);

        await node.RestartAsync();

        Assert.Equal("kept"u8.ToArray(), (await _client.GetSingleBlockAsync(node.Endpoint, genesis.Hash)).Data);
        Assert.Contains(await _client.GetAllSkipChainIdsAsync(node.Endpoint), id => id.AsSpan().SequenceEqual(genesis.Hash));
    }

    [Theory]
    [MemberData(nameof(RefusedRequests))]
    public async Task Bad_requests_get_gos_errors(string name, Func<SkipchainNodeFixture, StoreSkipBlock> request, string error)
    {
        var failure = await Assert.ThrowsAsync<ConodeClientException>(() =>
            _client.RequestAsync<StoreSkipBlock, StoreSkipBlockReply>(node.Endpoint, "Skipchain", request(node)));

        Assert.Equal(WebSocketCloseStatus.ProtocolError, failure.CloseStatus);
        Assert.True(failure.CloseReason == "unexpected error: processing error: " + error, $"{name}: {failure.CloseReason}");
    }

    public static TheoryData<string, Func<SkipchainNodeFixture, StoreSkipBlock>, string> RefusedRequests() => new()
    {
        {
            "empty roster", n => new StoreSkipBlock { NewBlock = new SkipBlock { BaseHeight = 2, MaximumHeight = 2, Roster = new Roster() } },
            "empty roster"
        },
        {
            "another leader", n => new StoreSkipBlock { NewBlock = new SkipBlock
            {
                BaseHeight = 2, MaximumHeight = 2,
                Roster = Roster.Create([ServerIdentity.Create(Ed25519KeyPair.Generate().Public, "tls://127.0.0.1:2"), n.Options.Identity.ServerIdentity]),
            } },
            "only leader is allowed to add blocks"
        },
        { "no base height", n => new StoreSkipBlock { NewBlock = new SkipBlock { MaximumHeight = 2, Roster = n.Roster } }, "Set a baseHeight > 0" },
        {
            "base 1, height 2", n => new StoreSkipBlock { NewBlock = new SkipBlock { BaseHeight = 1, MaximumHeight = 2, Roster = n.Roster } },
            "Set maximumHeight to 1 when baseHeight is 1"
        },
        {
            "unknown chain, nobody to ask", n => new StoreSkipBlock { TargetSkipChainId = new byte[32], NewBlock = new SkipBlock { Roster = n.Roster } },
            "didn't find block to attach to: no other conode to ask for blocks"
        },
    };

    [Fact]
    public async Task Unknown_blocks_are_reported_with_gos_texts()
    {
        var single = await Assert.ThrowsAsync<ConodeClientException>(() => _client.GetSingleBlockAsync(node.Endpoint, new byte[32]));
        Assert.Equal("unexpected error: processing error: No such block", single.CloseReason);
        var update = await Assert.ThrowsAsync<ConodeClientException>(() => _client.GetUpdateChainAsync(node.Endpoint, new byte[32]));
        Assert.Equal("unexpected error: processing error: couldn't find latest skipblock", update.CloseReason);
        var byIndex = await Assert.ThrowsAsync<ConodeClientException>(() => _client.GetSingleBlockByIndexAsync(node.Endpoint, new byte[32], 3));
        Assert.Equal("unexpected error: processing error: couldn't get path to block: didn't find genesis block", byIndex.CloseReason);
    }

    [Fact]
    public async Task An_index_past_the_end_of_a_chain_is_an_error()
    {
        var genesis = await _client.CreateGenesisAsync(node.Roster, [], 2, 8, []);

        var error = await Assert.ThrowsAsync<ConodeClientException>(() => _client.GetSingleBlockByIndexAsync(node.Endpoint, genesis.Hash, 1));
        Assert.Equal("unexpected error: processing error: couldn't get path to block: couldn't get path: didn't find destination block",
            error.CloseReason);
        Assert.Equal(genesis.Hash, (await _client.GetSingleBlockByIndexAsync(node.Endpoint, genesis.Hash, -1)).SkipBlock!.Hash);
    }
}
