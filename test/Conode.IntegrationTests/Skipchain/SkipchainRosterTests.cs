using Conode.Client;
using Conode.Client.Skipchain;
using Conode.Client.WebSockets;
using Conode.IntegrationTests.Harness;
using Conode.IntegrationTests.Status;
using Conode.Network;
using Conode.Services.Skipchain;

namespace Conode.IntegrationTests.Skipchain;

/// <summary>
/// Chains whose roster changes, on four real nodes A, B, C, D: the higher-level link a down node could not make and
/// OptimizeProof making it later, and the SDK's verified walk from the genesis across a roster handover.
/// </summary>
[Collection(OwnCothorityCollection.Name)]
public sealed class SkipchainHandoverTests
{
    private readonly ConodeClient _client = new();

    [Fact]
    public async Task OptimizeProof_creates_the_higher_link_missed_while_its_maker_was_down()
    {
        await using var cothority = await LocalCothority.StartAsync(4);
        var (a, b, c, d) = SkipchainChecks.FourMembers(cothority);
        var nodeB = ConnectivityTests.Endpoint(cothority.Nodes[1]);
        // Base 2: block 2 links back to the genesis at level 1, and the genesis roster's first member (A) makes that link.
        var chain = new List<SkipBlock> { await _client.CreateGenesisAsync(Roster.Create([a, b, c, d]), [], 2, 3) };
        await SkipchainChecks.AppendAsync(_client, chain, 1);

        // With A down, B leads block 2 on {B, A, C, D}: three of four sign the level-0 link, nobody makes the level-1 one.
        await cothority.Nodes[0].KillAsync();
        chain.Add((await _client.AddBlockAsync(chain[1], [2], Roster.Create([b, a, c, d]))).Latest!);
        await cothority.Nodes[0].RestartAsync();
        var genesis = await _client.GetSingleBlockAsync(nodeB, chain[0].Hash);
        Assert.Single(genesis.ForwardLinks);
        Assert.Equal([0, 1, 2], (await _client.GetUpdateChainAsync(nodeB, chain[0].Hash)).Select(block => block.Index));

        // Refusals first, with Go's texts.
        var unknown = await Assert.ThrowsAsync<ConodeClientException>(() => OptimizeAsync(nodeB, new byte[32]));
        Assert.Equal("unexpected error: processing error: didn't find that block-id in our DB", unknown.CloseReason);
        var nothing = await Assert.ThrowsAsync<ConodeClientException>(() => OptimizeAsync(nodeB, chain[1].Hash));
        Assert.Equal("unexpected error: processing error: nothing to optimize for this block", nothing.CloseReason);

        // Asked for the chain, B gets A (back, but missing block 2) to make the link and propagates the shorter proof.
        var proof = await OptimizeAsync(nodeB, chain[0].Hash);
        Assert.Equal([0, 2], proof.Select(block => block.Index));
        SkipchainVerifier.VerifyChain(proof, chain[0].Hash);
        var link = proof[0].ForwardLinks[1];
        Assert.Equal(chain[2].Hash, link.To);
        Assert.Equal(chain[2].Roster!.Id, link.NewRoster!.Id);
        foreach (var node in cothority.Nodes)
        {
            await SkipchainChecks.AssertServesChainAsync(_client, ConnectivityTests.Endpoint(node), chain);
        }
        Assert.Equal([0, 2], (await _client.GetVerifiedChainAsync(chain[0].Roster!, chain[0].Hash)).Select(block => block.Index));
    }

    [Fact]
    public async Task The_sdk_walks_and_verifies_a_chain_across_a_roster_handover_even_with_the_genesis_leader_down()
    {
        await using var cothority = await LocalCothority.StartAsync(4);
        var (a, b, c, d) = SkipchainChecks.FourMembers(cothority);
        var first = Roster.Create([a, b, c]);
        var second = Roster.Create([c, d]);
        var chain = new List<SkipBlock> { await _client.CreateGenesisAsync(first, [], 2, 3) };
        await SkipchainChecks.AppendAsync(_client, chain, 1);
        // Block 2 hands over to {C, D}, led by C; blocks 3 and 4 follow there.
        chain.Add((await _client.AddBlockAsync(chain[1], [2], second)).Latest!);
        await SkipchainChecks.AppendAsync(_client, chain, 2);

        // A answers the walk from the genesis with the genesis only (it is in no later roster); the walk follows the
        // genesis' highest link, to block 4 (level 2, made by A), and asks its roster, {C, D}.
        var walked = await Conode.Tests.Eventually.AskAsync(() => _client.GetVerifiedChainAsync(first, chain[0].Hash),
            blocks => blocks.Count == 2);
        Assert.Equal([0, 4], walked.Select(block => block.Index));
        Assert.Equal(second.Id, walked[^1].Roster!.Id);
        Assert.Equal(chain[^1].Hash, walked[^1].Hash);

        // With A down, B answers: it has only level-0 links from the genesis (higher links go to the new roster), up to
        // block 1, the last with B in its roster; the walk goes on to block 2 with {C, D}.
        await cothority.Nodes[0].KillAsync();
        var withoutA = await _client.GetVerifiedChainAsync(first, chain[0].Hash);
        Assert.Equal([0, 1, 2, 4], withoutA.Select(block => block.Index));
        Assert.Equal(new[] { chain[0], chain[1], chain[2], chain[4] }.Select(block => block.Hash), withoutA.Select(block => block.Hash));
    }

    private async Task<List<SkipBlock>> OptimizeAsync(ConodeEndpoint node, byte[] id) =>
        (await _client.RequestAsync<OptimizeProofRequest, OptimizeProofReply>(node, SkipchainConstants.ServiceName,
            new OptimizeProofRequest { Id = id })).Proof;
}

/// <summary>
/// The follow lists of StoreSkipBlock (cothority-services.md §6.10) on four real nodes A, B, C, D, in the order of
/// Go's TestClient_Follow: what a node that follows a chain by ID (FollowID), by its roster found through the nodes it
/// knows (FollowSearch) or asked of one conode (FollowLookup) lets into a new roster, and Go's refusals. No client key
/// is linked, so the follow requests need no signature.
/// </summary>
[Collection(OwnCothorityCollection.Name)]
public sealed class SkipchainFollowTests
{
    private const string Refused = "unexpected error: processing error: node refused to accept new roster";

    private readonly ConodeClient _client = new();

    [Fact]
    public async Task Followed_chains_decide_which_new_rosters_a_node_joins()
    {
        await using var cothority = await LocalCothority.StartAsync(4);
        var (a, b, c, d) = SkipchainChecks.FourMembers(cothority);
        var (nodeB, nodeC) = (cothority.Nodes[1], cothority.Nodes[2]);

        // G, the followed chain, starts on A alone.
        var followed = await _client.CreateGenesisAsync(Roster.Create([a]), "followed"u8.ToArray(), 2, 4);

        // (0) B follows G by ID only: G may grow onto B, another chain may not.
        await FollowAsync(nodeB, followed.Hash, FollowType.FollowId, NewChainPolicy.NewChainStrictNodes);
        var grown = await _client.AddBlockAsync(followed, [1], Roster.Create([a, b]));
        var other = await _client.CreateGenesisAsync(Roster.Create([a, b]), "other"u8.ToArray(), 2, 4);
        var refused = await Assert.ThrowsAsync<ConodeClientException>(() => _client.AddBlockAsync(other, [1]));
        Assert.Equal(Refused, refused.CloseReason);

        // (1) B follows G's roster, found by asking the nodes of the blocks it stores, with the strict policy: a new
        // chain whose other members are all in G's latest roster {A, B} is now welcome.
        await FollowAsync(nodeB, followed.Hash, FollowType.FollowSearch, NewChainPolicy.NewChainStrictNodes);
        var otherGrown = await _client.AddBlockAsync(other, [1]);
        Assert.Equal(1, otherGrown.Latest!.Index);
        var list = await _client.RequestAsync<ListFollow, ListFollowReply>(ConnectivityTests.Endpoint(nodeB),
            SkipchainConstants.ServiceName, new ListFollow());
        Assert.Equal([followed.Hash], list.FollowIds);
        Assert.Equal(grown.Latest!.Hash, Assert.Single(list.Follow).Block!.Hash);

        // (2) C stores nothing and follows nothing: a search has nobody to ask; a lookup asks A.
        var notFound = await Assert.ThrowsAsync<ConodeClientException>(() =>
            FollowAsync(nodeC, followed.Hash, FollowType.FollowSearch, NewChainPolicy.NewChainAnyNode));
        Assert.Equal("unexpected error: processing error: didn't find that skipchain-id", notFound.CloseReason);
        var unknown = await Assert.ThrowsAsync<ConodeClientException>(() =>
            FollowAsync(nodeC, new byte[32], FollowType.FollowLookup, NewChainPolicy.NewChainAnyNode, a));
        Assert.StartsWith("unexpected error: processing error: couldn't lookup skipchain: ", unknown.CloseReason);
        await FollowAsync(nodeC, followed.Hash, FollowType.FollowLookup, NewChainPolicy.NewChainAnyNode, a);

        // A followed chain may always grow onto its followers: G moves to {A, B, C}.
        var onThree = await _client.AddBlockAsync(grown.Latest, [2], Roster.Create([a, b, c]));
        Assert.Equal(2, onThree.Latest!.Index);

        // C's policy admits any roster holding another member of G's roster {A, B}; D follows nothing and takes all.
        var withStranger = await _client.CreateGenesisAsync(Roster.Create([a, c, d]), "any"u8.ToArray(), 2, 4);
        Assert.Equal(1, (await _client.AddBlockAsync(withStranger, [1])).Latest!.Index);

        // B's strict policy refuses a roster with C, who is not in the roster B saw for G: B does not even store the
        // genesis (Go logs the refusal and the chain is created all the same), and refuses to join its first block.
        var strict = await _client.CreateGenesisAsync(Roster.Create([a, b, c]), "strict"u8.ToArray(), 2, 4);
        var missing = await Assert.ThrowsAsync<ConodeClientException>(() =>
            _client.GetSingleBlockAsync(ConnectivityTests.Endpoint(nodeB), strict.Hash));
        Assert.Equal("unexpected error: processing error: No such block", missing.CloseReason);
        refused = await Assert.ThrowsAsync<ConodeClientException>(() => _client.AddBlockAsync(strict, [1]));
        Assert.Equal(Refused, refused.CloseReason);
    }

    private Task FollowAsync(ConodeProcess node, byte[] chain, FollowType type, NewChainPolicy policy, ServerIdentity? conode = null) =>
        _client.RequestAsync<AddFollow, EmptyReply>(ConnectivityTests.Endpoint(node), SkipchainConstants.ServiceName,
            new AddFollow { SkipchainId = chain, Follow = (int)type, NewChain = (int)policy, Conode = conode });
}
