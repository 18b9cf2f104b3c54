using Conode.Client;
using Conode.Client.Skipchain;
using Conode.Cosi;
using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;
using Conode.Grains.Skipchain;
using Conode.Messaging;
using Conode.Network;
using Conode.Overlay;
using Conode.Services.Skipchain;
using Conode.Silo.Tests.Peers;
using Microsoft.Extensions.DependencyInjection;

namespace Conode.Silo.Tests.Skipchain;

/// <summary>What a node refuses from peers: forged or misplaced links, and signing rounds replayed after the fact.</summary>
public sealed class SkipchainRefusalTests(SkipchainNodeFixture node) : IClassFixture<SkipchainNodeFixture>
{
    private readonly ConodeClient _client = new();

    [Fact]
    public async Task Links_a_peer_propagates_are_stored_only_when_signed_by_the_blocks_roster_at_their_level()
    {
        var genesis = await _client.CreateGenesisAsync(node.Roster, [], 2, 8, []);
        var block1 = (await _client.AddBlockAsync(genesis, [1])).Latest!;
        genesis = await _client.GetSingleBlockAsync(node.Endpoint, genesis.Hash);
        await using var peer = await PeerNode.StartAsync();
        var nodeKey = node.Options.Identity.ServiceKeys["Skipchain"];
        var elsewhere = new byte[32];
        elsewhere[0] = 1;

        // Signed by another key: refused.
        await PropagateAsync(peer, new PropagateForwardLink { ForwardLink = Signed(genesis, elsewhere, Bn256KeyPair.Generate()), Height = 3 });
        // Signed by the roster, but a one-block jump does not belong at level 2: refused.
        await PropagateAsync(peer, new PropagateForwardLink { ForwardLink = Signed(genesis, block1.Hash, nodeKey), Height = 2 });
        var unchanged = await _client.GetSingleBlockAsync(node.Endpoint, genesis.Hash);
        Assert.Equal(genesis.ForwardLinks.Count, unchanged.ForwardLinks.Count);

        // Signed by the roster, to a block not stored here (so its level cannot be checked): taken, as Go does.
        var accepted = Signed(genesis, elsewhere, nodeKey);
        await PropagateAsync(peer, new PropagateForwardLink { ForwardLink = accepted, Height = 3 });
        var updated = await _client.GetSingleBlockAsync(node.Endpoint, genesis.Hash);
        Assert.Equal(4, updated.ForwardLinks.Count);
        Assert.Equal(elsewhere, updated.ForwardLinks[3].To);
        Assert.True(updated.ForwardLinks[2].IsEmpty);
    }

    [Fact]
    public async Task A_signing_round_replayed_after_the_block_was_appended_is_refused_in_both_phases()
    {
        var genesis = await _client.CreateGenesisAsync(node.Roster, [], 2, 8, SkipchainConstants.VerificationStandard);
        var block1 = (await _client.AddBlockAsync(genesis, [1])).Latest!;
        var checks = node.Services.GetRequiredService<NewBlockChecks>();
        var request = new ForwardSignature { TargetHeight = 0, Previous = genesis.Hash, Newest = block1 };
        var message = SkipBlockHashing.NewForwardLink(genesis, block1).Signature.Msg;
        var data = MessageRegistry.Default.Marshal(request);

        Assert.False(await checks.CheckAsync(CosiPhase.Prepare, message, data));
        Assert.False(await checks.CheckAsync(CosiPhase.Commit, message, data));

        // A proposal for the next index passes the prepare check, and its commit only once.
        var proposal = new SkipBlock
        {
            Index = 2, Height = 2, MaximumHeight = 8, BaseHeight = 2, BackLinkIds = [block1.Hash, genesis.Hash],
            VerifierIds = [.. SkipchainConstants.VerificationStandard], GenesisId = genesis.Hash, Roster = node.Roster, SignatureScheme = 1,
        };
        proposal.Hash = SkipBlockHashing.ComputeHash(proposal);
        var next = MessageRegistry.Default.Marshal(new ForwardSignature { Previous = block1.Hash, Newest = proposal });
        var nextMessage = SkipBlockHashing.NewForwardLink(block1, proposal).Signature.Msg;
        Assert.True(await checks.CheckAsync(CosiPhase.Prepare, nextMessage, next));
        Assert.True(await checks.CheckAsync(CosiPhase.Commit, nextMessage, next));
        Assert.False(await checks.CheckAsync(CosiPhase.Commit, nextMessage, next));
    }

    /// <summary>A link from <paramref name="from"/> to <paramref name="to"/> signed (BDN) by <paramref name="key"/> alone.</summary>
    private static ForwardLink Signed(SkipBlock from, byte[] to, Bn256KeyPair key)
    {
        var link = new ForwardLink { From = from.Hash, To = to };
        link.Signature.Msg = SkipBlockHashing.LinkHash(link);
        var mask = ParticipationMask.All(1);
        var aggregate = Bdn.AggregateSignatures([key.Public], mask, [Bdn.Sign(key.Private, link.Signature.Msg)]);
        link.Signature.Sig = CosiSignature.Encode(aggregate, mask);
        return link;
    }

    /// <summary>
    /// Runs SkipchainPropagateFL from <paramref name="peer"/> (the root, which answers the node's tree request) to the
    /// node, and waits for the node's acknowledgement, which comes after it handled the data.
    /// </summary>
    private async Task PropagateAsync(PeerNode peer, PropagateForwardLink update)
    {
        var tree = Tree.GenerateNary(Roster.Create([peer.Identity, node.Options.Identity.ServerIdentity]), 1);
        peer.Handler.OnReceived = async (from, message) =>
        {
            if (message is RequestTree request && request.TreeId == tree.Id)
            {
                await peer.Network.SendAsync(from, StoredTree.ToResponse(tree));
            }
        };
        var root = new Token
        {
            RosterId = tree.Roster.Id, TreeId = tree.Id, ProtoId = Protocols.Id(SkipchainConstants.PropagateForwardLinkProtocol),
            ServiceId = SkipchainConstants.ServiceId, RoundId = Uuid.NewRandom(), TreeNodeId = tree.Root.Id,
        };
        var data = new PropagateSendData { Data = MessageRegistry.Default.Marshal(update), Timeout = TimeSpan.FromSeconds(15) };
        await peer.Network.SendAsync(node.Options.Identity.ServerIdentity, new ProtocolMsg
        {
            From = root, To = root.WithTreeNode(tree.Root.Children[0].Id),
            MsgType = MessageTypeId.Of(typeof(PropagateSendData)), MsgSlice = MessageRegistry.Default.Marshal(data),
        });
        while (true)
        {
            var (_, _, received) = await peer.Handler.NextAsync();
            if (received is ProtocolMsg reply && MessageRegistry.Default.Unmarshal(reply.MsgSlice).Message is PropagateReply)
            {
                return;
            }
        }
    }
}
