using Conode.Network;
using Conode.Protobuf;
using Conode.Services.Skipchain;
using Microsoft.Extensions.Logging;

namespace Conode.Grains.Skipchain;

/// <summary>
/// Appends blocks to one chain, one at a time (§6.6 step 4). Not reentrant: an append holds the grain's turn from
/// reading the latest block until the new block and its level-0 link are stored and propagated, so appends to one
/// chain never race. Deadlock-free because nothing this turn waits on calls this grain: the checks of the signing
/// rounds (here and on the cosigners), the propagation handlers and the block fetches use the block and chain grains.
/// Holds no state of its own.
/// </summary>
[GrainType("conode.skipchain-append")]
public sealed class SkipchainAppendGrain(SkipBlockStore store, SkipchainNetwork network, ILocalNode node,
    IPeerMessenger peers, ILogger<SkipchainAppendGrain> logger) : Grain, ISkipchainAppendGrain
{
    public async Task<AppendOutcome> Append(byte[] proposal)
    {
        var timings = new PhaseTimer();
        var chainId = Convert.FromHexString(this.GetPrimaryKeyString());
        var block = DedisProtobuf.Decode<SkipBlock>(proposal);
        SkipBlock previous;
        try
        {
            previous = await store.GetLatestAsync(chainId);
        }
        catch (SkipchainException e)
        {
            return AppendOutcome.Failed("error while getting latest block: " + e.Message);
        }
        if (node.IndexIn(previous.Roster) < 0)
        {
            return AppendOutcome.Failed("this node is not in the previous roster");
        }
        if (previous.ForwardLinks.Count > 0)
        {
            return AppendOutcome.Failed("the latest block already has a follower");
        }
        timings.Lap("latest");
        try
        {
            await CompleteHeaderAsync(block, previous, chainId);
        }
        catch (SkipchainException e)
        {
            return AppendOutcome.Failed(e.Message);
        }
        if ((previous.Roster!.Id != block.Roster!.Id || block.Index == 1) && !await network.WillNodesAcceptAsync(block))
        {
            return AppendOutcome.Failed("node refused to accept new roster");
        }
        timings.Lap("header");
        try
        {
            await LinkLevel0Async(previous, block, timings);
        }
        catch (SkipchainException e)
        {
            // Only the leader forgets the proposal; the cosigners drop theirs when another block comes.
            await store.Chain(chainId).ClearProposal(block.Hash);
            return AppendOutcome.Failed("Couldn't get forward signature on block: " + e.Message);
        }
        if (await RequestHigherLinksAsync(block) is { } error)
        {
            return AppendOutcome.Failed(error);
        }
        logger.LogDebug("Block {Index} {Hash} appended to chain {Chain} ({Timings})", block.Index, SkipBlockStore.Key(block.Hash),
            this.GetPrimaryKeyString(), timings);
        return new AppendOutcome(DedisProtobuf.Encode(previous), DedisProtobuf.Encode(block), null);
    }

    /// <summary>
    /// The fields the leader sets (§6.6 step 4.5): the chain's parameters from the previous block, the index, the
    /// height for that index, the back links (fetching older blocks this node lacks) and the hash.
    /// </summary>
    private async Task CompleteHeaderAsync(SkipBlock block, SkipBlock previous, byte[] chainId)
    {
        block.MaximumHeight = previous.MaximumHeight;
        block.BaseHeight = previous.BaseHeight;
        block.VerifierIds = [.. previous.VerifierIds];
        block.Index = previous.Index + 1;
        block.GenesisId = chainId;
        block.ForwardLinks = [];
        block.SignatureScheme = previous.SignatureScheme;
        if (block.BaseHeight < 1)
        {
            throw new SkipchainException("Set a baseHeight > 0");
        }
        block.Height = SkipLevels.HeightForIndex(block.Index, block.BaseHeight, block.MaximumHeight);
        block.BackLinkIds = await SkipchainWalks.BackLinksAsync(previous, block.Height, async (pointer, id) =>
        {
            if (await store.GetAsync(id) is { } stored)
            {
                return stored;
            }
            List<SkipBlock> fetched;
            try
            {
                fetched = await network.GetBlocksAsync(pointer.Roster ?? throw new SkipchainException("Need a roster"), id, 1);
            }
            catch (SkipchainException e)
            {
                throw new SkipchainException("couldn't fetch missing block: " + e.Message, e);
            }
            await store.StoreBlocksAsync(fetched);
            return fetched[0];
        });
        block.Hash = SkipBlockHashing.ComputeHash(block);
    }

    /// <summary>
    /// Go's forwardLinkLevel0: the previous roster signs the link; the new block and then the link are stored here before
    /// anything is acknowledged; the link goes to the previous roster and, when the roster grows, the chain's proof to
    /// the new members.
    /// </summary>
    private async Task LinkLevel0Async(SkipBlock previous, SkipBlock block, PhaseTimer timings)
    {
        var protocols = SkipchainConstants.SignatureProtocols(previous.SignatureScheme)
            ?? throw new SkipchainException($"unknown signature scheme {previous.SignatureScheme}");
        var link = SkipBlockHashing.NewForwardLink(previous, block);
        var request = new ForwardSignature { TargetHeight = 0, Previous = previous.Hash, Newest = block };
        link.Signature = await network.SignAsync(protocols.NewBlock, previous.Roster!, link.Signature.Msg, request);
        timings.Lap("sign");
        if (await store.GetAsync(previous.Hash) is { ForwardLinks.Count: > 0 })
        {
            throw new SkipchainException("forward-link got signed during our signing");
        }
        previous.ForwardLinks = [link];
        var refused = await store.StoreBlocksAsync([previous, block]);
        if (refused.Count > 0)
        {
            previous.ForwardLinks = [];
            throw new SkipchainException("Wrong BFT-signature: " + refused[0]);
        }
        await store.Chain(SkipBlockHashing.SkipChainId(previous)).ClearProposal(block.Hash);
        timings.Lap("store");
        await network.PropagateAsync(SkipchainConstants.PropagateForwardLinkProtocol, previous.Roster!,
            new PropagateForwardLink { ForwardLink = link, Height = 0 });
        timings.Lap("propagate");
        var newMembers = block.Roster!.List.Where(member => previous.Roster!.IndexOf(member.Id) < 0).ToList();
        if (newMembers.Count > 0)
        {
            var proof = await SkipchainWalks.PathAsync(store, (await store.GetAsync(block.GenesisId))!, -1);
            await network.PropagateAsync(SkipchainConstants.PropagateProofProtocol, Roster.Create([.. newMembers, node.ServerIdentity]),
                new PropagateProof { Proof = proof });
        }
    }

    /// <summary>
    /// §6.6 step 8: asks the roster of each block the new block's higher back links name for the link of that level,
    /// with a raw ForwardSignature to its first member (possibly this node). Sent without waiting, as Go does; null, or
    /// Go's error when a back-linked block is missing.
    /// </summary>
    private async Task<string?> RequestHigherLinksAsync(SkipBlock block)
    {
        for (var level = 1; level < block.BackLinkIds.Count; level++)
        {
            var back = await store.GetAsync(block.BackLinkIds[level]);
            if (back?.Roster is not { List.Count: > 0 } roster)
            {
                return "Didn't get skipblock in back-link";
            }
            var request = new ForwardSignature { TargetHeight = level, Previous = back.Hash, Newest = block };
            var leader = roster.List[0];
            _ = Task.Run(async () =>
            {
                try
                {
                    await peers.SendAsync(leader, request);
                }
                catch (IOException e)
                {
                    logger.LogWarning("Could not ask {Leader} for the level-{Level} link to block {Index}: {Error}",
                        leader.Address, request.TargetHeight, block.Index, e.Message);
                }
            });
        }
        return null;
    }

    /// <summary>How long each step of an append took, for the debug log.</summary>
    private sealed class PhaseTimer
    {
        private readonly List<string> _laps = [];
        private long _last = System.Diagnostics.Stopwatch.GetTimestamp();

        public void Lap(string phase)
        {
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            _laps.Add($"{phase} {System.Diagnostics.Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds:F1} ms");
            _last = now;
        }

        public override string ToString() => string.Join(", ", _laps);
    }
}
