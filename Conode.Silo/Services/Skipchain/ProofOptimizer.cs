using Conode.Client;
using Conode.Client.WebSockets;
using Conode.Grains.Skipchain;
using Conode.Network;
using Conode.Numerics;
using Conode.Services.Skipchain;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Services.Skipchain;

/// <summary>
/// OptimizeProof (§6.5.3): asks the rosters of blocks that lack a higher-level link for it (ForwardSignature over the
/// websocket, as Go's sendForwardLinkRequest) and propagates the shorter proof. Error texts are Go's.
/// </summary>
public sealed class ProofOptimizer(SkipBlockStore store, SkipchainNetwork network, ILogger<ProofOptimizer> logger)
{
    private readonly ConodeClient _client = new();

    public async Task<OptimizeProofReply> OptimizeAsync(OptimizeProofRequest request)
    {
        var block = await store.GetAsync(request.Id) ?? throw new SkipchainException("didn't find that block-id in our DB");
        return new OptimizeProofReply { Proof = block.Index == 0 ? await OptimizeChainAsync(block) : await OptimizeBlockAsync(block) };
    }

    /// <summary>Go's optimizeChain: along the proof genesis → latest, each block gets the link the latest index allows.</summary>
    private async Task<List<SkipBlock>> OptimizeChainAsync(SkipBlock genesis)
    {
        var proof = await SkipchainWalks.PathAsync(store, genesis, -1);
        var target = proof[^1];
        var optimizedProof = new List<SkipBlock>();
        var optimized = false;
        var next = 0;
        foreach (var block in proof.Take(proof.Count - 1))
        {
            if (block.Index < next)
            {
                continue;
            }
            var (level, reach) = SkipLevels.PathForIndex(block, target.Index);
            next = reach;
            if (level > 0 && block.ForwardLinks.Count <= level)
            {
                var to = proof.Find(b => b.Index == reach)
                    ?? throw new SkipchainException($"couldn't optimize block: chain is inconsistent: block at index {reach} not found");
                if (await TryAddLinkAsync(level, block, to))
                {
                    optimized = true;
                }
                else
                {
                    next = block.Index;
                }
            }
            optimizedProof.Add(block);
        }
        optimizedProof.Add(target);
        if (optimized)
        {
            await SendAsync(optimizedProof);
        }
        return optimizedProof;
    }

    /// <summary>Go's optimizeBlock: every missing level of one block that the latest index allows.</summary>
    private async Task<List<SkipBlock>> OptimizeBlockAsync(SkipBlock block)
    {
        var chainId = SkipBlockHashing.SkipChainId(block);
        SkipBlock latest;
        try
        {
            latest = await store.GetLatestAsync(chainId);
        }
        catch (SkipchainException e)
        {
            throw new SkipchainException("couldn't get latest block: " + e.Message, e);
        }
        var (maxLevel, _) = SkipLevels.PathForIndex(block, latest.Index);
        if (block.ForwardLinks.Count > maxLevel)
        {
            throw new SkipchainException("nothing to optimize for this block");
        }
        var genesis = (await store.GetAsync(chainId))!;
        var optimized = false;
        for (var level = block.ForwardLinks.Count; level <= maxLevel; level++)
        {
            var targetIndex = block.Index + GoMath.ToInt64(GoMath.Pow(block.BaseHeight, level));
            if (targetIndex > latest.Index)
            {
                break;
            }
            List<SkipBlock> path;
            try
            {
                path = await SkipchainWalks.PathAsync(store, genesis, (int)targetIndex);
            }
            catch (SkipchainException e)
            {
                throw new SkipchainException($"couldn't get block at index {targetIndex}: {e.Message}", e);
            }
            optimized |= await TryAddLinkAsync(level, block, path[^1]);
        }
        if (!optimized)
        {
            throw new SkipchainException("couldn't optimize this block");
        }
        List<SkipBlock> proof;
        try
        {
            proof = await SkipchainWalks.PathAsync(store, genesis, block.Index);
        }
        catch (SkipchainException e)
        {
            throw new SkipchainException("couldn't get proof for latest block: " + e.Message, e);
        }
        await SendAsync(proof);
        return proof;
    }

    /// <summary>
    /// Go's addForwardLink: asks <paramref name="from"/>'s roster, member after member, up to ⌊(n − 1)/3⌋ + 1 of them,
    /// for the link; puts it into <paramref name="from"/> (the asked conode stores and propagates it).
    /// </summary>
    private async Task<bool> TryAddLinkAsync(int level, SkipBlock from, SkipBlock to)
    {
        var roster = from.Roster?.List ?? [];
        var request = new ForwardSignature { TargetHeight = level, Previous = from.Hash, Newest = to };
        var tries = Math.Min(roster.Count, (roster.Count - 1) / 3 + 1);
        for (var i = 0; i < tries; i++)
        {
            try
            {
                var reply = await _client.RequestAsync<ForwardSignature, ForwardSignatureReply>(ConodeEndpoint.Of(roster[i]),
                    SkipchainConstants.ServiceName, request);
                if (reply.Link is not { } link || !link.From.AsSpan().SequenceEqual(from.Hash) || level >= from.Height)
                {
                    throw new ConodeClientException("the reply holds no usable link");
                }
                while (from.ForwardLinks.Count <= level)
                {
                    from.ForwardLinks.Add(new ForwardLink());
                }
                from.ForwardLinks[level] = link;
                return true;
            }
            catch (Exception e) when (e is ConodeClientException or IOException or FormatException)
            {
                logger.LogWarning("Couldn't get the level-{Level} link of block {Index} from {Conode}: {Error}", level,
                    from.Index, roster[i].Address, e.Message);
            }
        }
        return false;
    }

    /// <summary>Go's optimizeSend: the proof goes to every member of every roster on it.</summary>
    private async Task SendAsync(List<SkipBlock> proof)
    {
        var members = proof.SelectMany(block => block.Roster?.List ?? []).DistinctBy(member => member.Id).ToList();
        try
        {
            await network.PropagateAsync(SkipchainConstants.PropagateProofProtocol, Roster.Create(members), new PropagateProof { Proof = proof });
        }
        catch (SkipchainException e)
        {
            throw new SkipchainException("couldn't propagate proof: " + e.Message, e);
        }
    }
}
