using System.Security.Cryptography;
using Conode.Cosi;
using Conode.Grains.Overlay;
using Conode.Messaging;
using Conode.Network;
using Conode.Protobuf;
using Conode.Services.Skipchain;
using Microsoft.Extensions.Logging;

namespace Conode.Grains.Skipchain;

/// <summary>
/// The Skipchain service's conversations with other conodes, started by this node as the root: fetching blocks
/// (scGetBlocks, SyncChain), roster acceptance (scExtendRoster) and the three propagations.
/// </summary>
public sealed class SkipchainNetwork(IGrainFactory grains, ILocalNode node, SkipBlockStore store, ILogger<SkipchainNetwork> logger)
{
    /// <summary>Blocks per scGetBlocks request while syncing a chain (Go: 100).</summary>
    private const int SyncBatch = 100;

    private static TimeSpan Timeout => SkipchainConstants.PropagationTimeout;

    /// <summary>
    /// Go's getBlocks: up to <paramref name="count"/> blocks from <paramref name="id"/> along the highest links, asked
    /// of some members of <paramref name="roster"/> (all, or half of a roster larger than 10) and checked as a proof.
    /// </summary>
    /// <exception cref="SkipchainException">Nobody answered in time, or the answer is not a valid proof.</exception>
    public async Task<List<SkipBlock>> GetBlocksAsync(Roster roster, byte[] id, int count, bool skipping = true)
    {
        var asked = RandomSubset(roster, roster.List.Count > 10 ? roster.List.Count / 2 : roster.List.Count);
        if (asked.List.Count == 1)
        {
            throw new SkipchainException("no other conode to ask for blocks");
        }
        var tree = ProtocolRoots.Star(asked);
        var root = await ProtocolRoots.StartAsync(grains, tree, SkipchainConstants.GetBlocksProtocol, SkipchainConstants.ServiceId);
        var request = new ProtoGetBlocks { SbId = id, Count = count, Skipping = skipping };
        var answer = await grains.GetGrain<IGetBlocksGrain>(root.GrainKey).RunAsRoot(root, DedisProtobuf.Encode(request), Timeout)
            ?? throw new SkipchainException("timeout waiting for GetBlocks reply");
        var blocks = answer.Select(encoded => DedisProtobuf.Decode<SkipBlock>(encoded)).ToList();
        return ProofCheck.VerifyFrom(blocks, id) is { } error ? throw new SkipchainException(error) : blocks;
    }

    /// <summary>
    /// Go's SyncChain: fetches and stores the chain from <paramref name="latest"/> to its end, in batches; when the first
    /// block cannot be linked to what is stored here, starts over from the genesis.
    /// </summary>
    public async Task SyncChainAsync(Roster roster, byte[] latest)
    {
        var fromGenesis = false;
        while (true)
        {
            var blocks = await GetBlocksAsync(roster, latest, SyncBatch);
            var first = blocks[0];
            if (!await store.IsLinkedAsync(first))
            {
                if (fromGenesis || latest.AsSpan().SequenceEqual(SkipBlockHashing.SkipChainId(first)))
                {
                    throw new SkipchainException("synching failed even when trying to start at the genesis block");
                }
                logger.LogDebug("Cannot link block {Index}: syncing chain {Chain} from its genesis", first.Index,
                    SkipBlockStore.Key(SkipBlockHashing.SkipChainId(first)));
                (roster, latest, fromGenesis) = (first.Roster ?? roster, SkipBlockHashing.SkipChainId(first), true);
                continue;
            }
            try
            {
                await store.StoreBlocksAsync(blocks);
            }
            catch (SkipchainException e)
            {
                throw new SkipchainException("couldn't store blocks: " + e.Message, e);
            }
            var last = blocks[^1];
            // Go loops while the last block has links; a link nobody can resolve would loop for ever.
            if (last.ForwardLinks.Count == 0 || last.Hash.AsSpan().SequenceEqual(latest))
            {
                return;
            }
            latest = last.Hash;
        }
    }

    /// <summary>Go's getLastBlock: the latest block of the chain of <paramref name="latest"/>, from here or from <paramref name="roster"/>.</summary>
    public async Task<SkipBlock> GetLastBlockAsync(Roster roster, byte[] latest)
    {
        if (node.IndexIn(roster) >= 0)
        {
            var known = await store.GetAsync(latest) ?? throw new SkipchainException("doesn't have skipchain");
            return await store.GetLatestAsync(SkipBlockHashing.SkipChainId(known));
        }
        while (true)
        {
            var last = (await GetBlocksAsync(roster, latest, 10))[^1];
            if (last.ForwardLinks.Count == 0 || last.Hash.AsSpan().SequenceEqual(latest))
            {
                return last;
            }
            latest = last.Hash;
        }
    }

    /// <summary>
    /// Go's startPropagation: hands <paramref name="message"/> to every member of <paramref name="roster"/> (this node
    /// included, as the root) with the propagation protocol <paramref name="protocol"/>; returns how many have it.
    /// </summary>
    /// <exception cref="SkipchainException">This node is not in the roster.</exception>
    public async Task<int> PropagateAsync(string protocol, Roster roster, object message)
    {
        var index = node.IndexIn(roster);
        if (index < 0)
        {
            throw new SkipchainException("we're not in the roster");
        }
        var members = roster.List.ToList();
        (members[0], members[index]) = (members[index], members[0]);
        var tree = ProtocolRoots.Star(Roster.Create(members));
        var root = await ProtocolRoots.StartAsync(grains, tree, protocol, SkipchainConstants.ServiceId);
        var replies = await grains.GetGrain<IPropagateGrain>(root.GrainKey).RunAsRoot(root, MessageRegistry.Default.Marshal(message), Timeout);
        if (replies != members.Count)
        {
            logger.LogInformation("{Protocol}: only {Replies} of {Members} conodes acknowledged", protocol, replies, members.Count);
        }
        return replies;
    }

    /// <summary>Go's willNodesAcceptBlock: enough members of the block's roster accept to be in it (scExtendRoster).</summary>
    public async Task<bool> WillNodesAcceptAsync(SkipBlock block)
    {
        var roster = block.Roster ?? throw new SkipchainException("Need a roster");
        var tree = ProtocolRoots.Star(roster);
        var root = await ProtocolRoots.StartAsync(grains, tree, SkipchainConstants.ExtendRosterProtocol, SkipchainConstants.ServiceId);
        var signatures = await grains.GetGrain<IExtendRosterGrain>(root.GrainKey).RunAsRoot(root, DedisProtobuf.Encode(block), Timeout);
        var n = roster.List.Count;
        // The root does not sign for itself.
        return signatures >= n - (n - 1) / 3 - 1;
    }

    /// <summary>
    /// Go's startBFT: collectively signs <paramref name="message"/> (a link hash) with the ByzCoinX family
    /// <paramref name="protocol"/> over <paramref name="roster"/>, this node leading; <paramref name="request"/> is what
    /// the cosigners' checks receive.
    /// </summary>
    /// <exception cref="SkipchainException">The round failed; the message says why.</exception>
    public async Task<ByzcoinSignature> SignAsync(string protocol, Roster roster, byte[] message, ForwardSignature request)
    {
        if (roster.List.Count == 0)
        {
            throw new SkipchainException("found empty Roster");
        }
        var round = new ByzCoinXRequest(protocol, DedisProtobuf.Encode(roster), message, MessageRegistry.Default.Marshal(request), Timeout);
        ByzCoinXOutcome outcome;
        try
        {
            outcome = await grains.GetGrain<IByzCoinXGrain>(Guid.NewGuid().ToString()).Run(round);
        }
        catch (TimeoutException)
        {
            throw new SkipchainException("timed out while waiting for signature");
        }
        return outcome.Signature is { } signature
            ? new ByzcoinSignature { Msg = message, Sig = signature }
            : throw new SkipchainException(outcome.Error ?? "couldn't sign forward-link");
    }

    /// <summary>Go's Roster.RandomSubset: this node first, then up to <paramref name="count"/> other members in random order.</summary>
    private Roster RandomSubset(Roster roster, int count)
    {
        var others = roster.List.Where(member => member.Id != node.ServerIdentity.Id).ToArray();
        RandomNumberGenerator.Shuffle(others.AsSpan());
        return Roster.Create([node.ServerIdentity, .. others.Take(count)]);
    }
}
