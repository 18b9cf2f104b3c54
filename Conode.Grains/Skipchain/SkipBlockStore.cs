using Conode.Grains.Diagnostics;
using Conode.Network;
using Conode.Protobuf;
using Conode.Services.Skipchain;
using Microsoft.Extensions.Logging;

namespace Conode.Grains.Skipchain;

/// <summary>
/// The node's blocks as Go's SkipBlockDB offers them: reads, the latest block of a chain, and storing batches under
/// the rules of §6.7. Not a grain: link signatures are checked here, on the caller's turn, before the block grains
/// (which do no crypto) are written.
/// </summary>
public sealed class SkipBlockStore(IGrainFactory grains, ILocalNode node, ConodeMetrics metrics, ILogger<SkipBlockStore> logger)
    : ISkipBlockReader
{
    /// <summary>Grain key of a block or chain: its hash in lowercase hex.</summary>
    public static string Key(byte[] hash) => SkipchainGrainKey.Of(hash);

    public async Task<SkipBlock?> GetAsync(byte[] hash)
    {
        if (hash.Length == 0)
        {
            return null;
        }
        var encoded = await Block(hash).Get();
        return encoded is null ? null : DedisProtobuf.Decode<SkipBlock>(encoded);
    }

    public ISkipchainGrain Chain(byte[] chainId) => grains.GetGrain<ISkipchainGrain>(Key(chainId));

    public ISkipchainNodeGrain Node => grains.GetGrain<ISkipchainNodeGrain>(node.ServerIdentity.Id.ToString());

    /// <summary>
    /// Go's GetLatestByID: from the chain's latest indexed block, along the highest forward link whose target is
    /// stored; links to blocks this node does not have are dropped on the way, as Go does.
    /// </summary>
    /// <exception cref="SkipchainException">The genesis <paramref name="chainId"/> is not stored.</exception>
    public async Task<SkipBlock> GetLatestAsync(byte[] chainId)
    {
        var genesis = await GetAsync(chainId)
            ?? throw new SkipchainException($"cannot find genesis block {Key(chainId)}");
        var indexed = await Chain(chainId).GetLatest();
        var latest = indexed is null ? genesis : await GetAsync(Convert.FromHexString(indexed.Hash)) ?? genesis;
        while (latest.ForwardLinks.Count > 0)
        {
            SkipBlock? next = null;
            for (var level = latest.ForwardLinks.Count - 1; level >= 0 && next is null; level--)
            {
                var link = latest.ForwardLinks[level];
                next = link.IsEmpty ? null : await GetAsync(link.To);
                if (next is null)
                {
                    logger.LogWarning("Block {Index} of chain {Chain} links at level {Level} to a block not stored here; link dropped",
                        latest.Index, Key(chainId), level);
                    await Block(latest.Hash).TruncateForwardLinks(level);
                    latest.ForwardLinks.RemoveRange(level, latest.ForwardLinks.Count - level);
                }
            }
            if (next is null)
            {
                break;
            }
            latest = next;
        }
        return latest;
    }

    /// <summary>
    /// Go's StoreBlocks (§6.7): a block already stored only gains the new links that verify against its roster and,
    /// when their target is stored, sit at the right level (bad ones are logged and skipped); a new block must be a
    /// genesis or be the target of a link of a stored block or of an earlier block of the batch, have no more links than
    /// its height, and every link must leave it and verify. New blocks are written before links that point to them.
    /// </summary>
    /// <returns>Why offered links of stored blocks were left out (empty when all were taken or already there).</returns>
    /// <exception cref="SkipchainException">A new block breaks a rule (Go's error text); nothing of the batch is written.</exception>
    public async Task<IReadOnlyList<string>> StoreBlocksAsync(IReadOnlyList<SkipBlock> blocks)
    {
        var refused = new List<string>();
        var created = new List<SkipBlock>();
        var additions = new List<(SkipBlock Block, List<(int Level, ForwardLink Link)> Links)>();
        // Targets of the checked links of earlier blocks of the batch: what makes a later new block linkable.
        var linkedByBatch = new HashSet<string>();
        foreach (var block in blocks)
        {
            if (await GetAsync(block.Hash) is { } stored)
            {
                var links = await NewLinksAsync(stored, block, refused);
                additions.Add((stored, links));
                linkedByBatch.UnionWith(links.Select(l => Key(l.Link.To)));
                continue;
            }
            await CheckNewBlockAsync(block, linkedByBatch.Contains(Key(block.Hash)));
            created.Add(block);
            linkedByBatch.UnionWith(block.ForwardLinks.Where(link => !link.IsEmpty).Select(link => Key(link.To)));
        }
        // One sync for the batch: every creation but the last leaves its wait for the disk to the write after it, which
        // the store writes in order; a link write always waits. Should no link be written after all (taken meanwhile),
        // the last creation is persisted explicitly.
        var linkWritesPlanned = additions.Any(a => a.Links.Count > 0);
        var unsynced = false;
        for (var i = 0; i < created.Count; i++)
        {
            var block = created[i];
            var syncedByNext = i < created.Count - 1 || linkWritesPlanned;
            if (await Block(block.Hash).Create(DedisProtobuf.Encode(block), syncedByNext))
            {
                metrics.BlockStored();
                unsynced = syncedByNext;
            }
            else
            {
                // Stored meanwhile by someone else: keep its links all the same (they verified above).
                additions.Add((block, block.ForwardLinks.Select((link, level) => (level, link)).ToList()));
            }
        }
        foreach (var (block, links) in additions.Where(a => a.Links.Count > 0))
        {
            var added = await Block(block.Hash).AddForwardLinks([.. links.Select(l => new LevelLink(l.Level, DedisProtobuf.Encode(l.Link)))]);
            unsynced &= added.Length == 0;
        }
        if (unsynced)
        {
            await Block(created[^1].Hash).Persist();
        }
        await RecordAsync(created);
        return refused;
    }

    /// <summary>Every block this node stores (the deprecated GetAllSkipchains), chain by chain.</summary>
    public async Task<List<SkipBlock>> GetAllBlocksAsync()
    {
        var blocks = new List<SkipBlock>();
        foreach (var chainId in await Node.GetChainIds())
        {
            foreach (var position in await grains.GetGrain<ISkipchainGrain>(chainId).GetBlocks())
            {
                if (await GetAsync(Convert.FromHexString(position.Hash)) is { } block)
                {
                    blocks.Add(block);
                }
            }
        }
        return blocks;
    }

    /// <summary>Go's HasForwardLink: a genesis, or the target of the stored block at BackLinkIds[i]'s level-i link.</summary>
    public async Task<bool> IsLinkedAsync(SkipBlock block)
    {
        if (block.Index == 0)
        {
            return true;
        }
        for (var level = 0; level < block.BackLinkIds.Count; level++)
        {
            if (await GetAsync(block.BackLinkIds[level]) is { } previous && previous.ForwardLinks.Count > level &&
                previous.ForwardLinks[level].To.AsSpan().SequenceEqual(block.Hash))
            {
                return true;
            }
        }
        return false;
    }

    private async Task CheckNewBlockAsync(SkipBlock block, bool linkedByBatch)
    {
        if (block.Roster is null)
        {
            throw new SkipchainException("Need a roster");
        }
        if (!SkipBlockHashing.ComputeHash(block).AsSpan().SequenceEqual(block.Hash))
        {
            throw new SkipchainException("Wrong hash");
        }
        if (!linkedByBatch && !await IsLinkedAsync(block))
        {
            throw new SkipchainException($"Tried to store unlinkable block {block.Index} {Key(block.Hash)}");
        }
        if (block.ForwardLinks.Count > block.Height)
        {
            throw new SkipchainException($"found {block.ForwardLinks.Count} forward-links for a height of {block.Height}");
        }
        foreach (var link in block.ForwardLinks.Where(link => !link.IsEmpty))
        {
            if (!link.From.AsSpan().SequenceEqual(block.Hash))
            {
                throw new SkipchainException(SkipchainWalks.InconsistentForwardLink);
            }
            if (ForwardLinkVerifier.Verify(link, block) is { } error)
            {
                throw new SkipchainException("invalid forward-link signature: " + error);
            }
        }
    }

    /// <summary>The links of <paramref name="offered"/> that may go into empty slots of <paramref name="stored"/>.</summary>
    private async Task<List<(int Level, ForwardLink Link)>> NewLinksAsync(SkipBlock stored, SkipBlock offered, List<string> refused)
    {
        var accepted = new List<(int, ForwardLink)>();
        for (var level = 0; level < offered.ForwardLinks.Count && level < stored.Height; level++)
        {
            var link = offered.ForwardLinks[level];
            if (link.IsEmpty || (level < stored.ForwardLinks.Count && !stored.ForwardLinks[level].IsEmpty))
            {
                continue;
            }
            var error = !link.From.AsSpan().SequenceEqual(stored.Hash) ? "forward link doesn't start from this block"
                : ForwardLinkVerifier.Verify(link, stored) is { } invalid ? "invalid forward-link signature: " + invalid
                : await GetAsync(link.To) is { } target && SkipLevels.LinkLevel(stored.Index, target.Index, stored.BaseHeight) != level
                    ? $"forward link to block {target.Index} does not belong at level {level}"
                : null;
            if (error is not null)
            {
                logger.LogWarning("Refused a level-{Level} link of block {Index}: {Error}", level, stored.Index, error);
                refused.Add(error);
                continue;
            }
            accepted.Add((level, link));
        }
        return accepted;
    }

    /// <summary>Indexes the new blocks in their chains, and makes sure the node lists those chains.</summary>
    private async Task RecordAsync(List<SkipBlock> created)
    {
        foreach (var chain in created.GroupBy(block => Key(SkipBlockHashing.SkipChainId(block))))
        {
            await grains.GetGrain<ISkipchainGrain>(chain.Key)
                .RecordBlocks([.. chain.Select(block => new ChainPosition(block.Index, Key(block.Hash)))]);
            await Node.AddChain(chain.Key);
        }
    }

    private ISkipBlockGrain Block(byte[] hash) => grains.GetGrain<ISkipBlockGrain>(Key(hash));
}
