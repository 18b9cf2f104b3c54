using Conode.Network;
using Conode.Services.Skipchain;

namespace Conode.Grains.Skipchain;

/// <summary>Where the walks read blocks from: the node's store, or a dictionary in tests.</summary>
public interface ISkipBlockReader
{
    /// <summary>The stored block <paramref name="hash"/> with its forward links, or null.</summary>
    Task<SkipBlock?> GetAsync(byte[] hash);
}

/// <summary>
/// The ways Go walks a chain along forward and back links (skipchain.go, struct.go), over any block source. Error
/// texts are Go's.
/// </summary>
public static class SkipchainWalks
{
    /// <summary>Go's ErrorInconsistentForwardLink.</summary>
    public const string InconsistentForwardLink = "found inconsistent forward-link";

    /// <summary>Most blocks one <c>scGetBlocks</c> answer carries (Go has no cap; a peer asking for more gets this many).</summary>
    public const int MaxBlocksPerAnswer = 1000;

    /// <summary>
    /// GetUpdateChain (§6.5.1): from <paramref name="first"/> along the highest links up to level
    /// <paramref name="maxHeight"/> − 1 (≤ 0: the first block's MaximumHeight), at most <paramref name="maxBlocks"/>
    /// blocks (≤ 0: no limit), then dropped from the end while <paramref name="self"/> is not in a block's roster.
    /// </summary>
    public static async Task<List<SkipBlock>> UpdateChainAsync(ISkipBlockReader store, SkipBlock first, int maxHeight,
        int maxBlocks, Uuid self)
    {
        var limit = maxHeight > 0 ? maxHeight : first.MaximumHeight;
        if (limit < 1)
        {
            throw new SkipchainException($"block {Convert.ToHexStringLower(first.Hash)} has no usable maximum height");
        }
        var blocks = new List<SkipBlock> { first };
        var block = first;
        while (block.ForwardLinks.Count > 0 && (maxBlocks <= 0 || blocks.Count < maxBlocks))
        {
            var link = block.ForwardLinks.Count < limit ? block.ForwardLinks[^1] : block.ForwardLinks[limit - 1];
            var next = link.IsEmpty ? null : await store.GetAsync(link.To);
            if (next is null)
            {
                // The chain may go on under a roster without this node: the client continues elsewhere.
                break;
            }
            if (next.Index <= block.Index)
            {
                throw new SkipchainException(InconsistentForwardLink);
            }
            block = next;
            blocks.Add(next);
        }
        while (blocks.Count > 1 && (blocks[^1].Roster?.IndexOf(self) ?? -1) < 0)
        {
            blocks.RemoveAt(blocks.Count - 1);
        }
        return blocks;
    }

    /// <summary>
    /// Go's getPath: the blocks from <paramref name="start"/> to index <paramref name="destination"/> (−1 = as far as the
    /// links go), each hop along the highest link whose target is stored and not beyond the destination.
    /// </summary>
    public static async Task<List<SkipBlock>> PathAsync(ISkipBlockReader store, SkipBlock start, int destination)
    {
        var path = new List<SkipBlock> { start };
        if (destination == 0)
        {
            return path;
        }
        var block = start;
        while (block.ForwardLinks.Count > 0)
        {
            block = await HighestJumpAsync(store, block, destination)
                ?? throw new SkipchainException("while fetching next jump: didn't find any appropriate block");
            path.Add(block);
            if (block.Index == destination)
            {
                return path;
            }
        }
        return destination == -1 ? path : throw new SkipchainException("didn't find destination block");
    }

    /// <summary>Go's getHighestJump: the target of the highest link that is stored and at or before <paramref name="destination"/> (&lt; 0: any).</summary>
    private static async Task<SkipBlock?> HighestJumpAsync(ISkipBlockReader store, SkipBlock from, int destination)
    {
        for (var level = from.ForwardLinks.Count - 1; level >= 0; level--)
        {
            var link = from.ForwardLinks[level];
            if (link.IsEmpty || await store.GetAsync(link.To) is not { } target)
            {
                continue;
            }
            if (destination < 0 || target.Index <= destination)
            {
                return target;
            }
        }
        return null;
    }

    /// <summary>
    /// Go's Proof.GetForwardLinks for GetSingleBlockByIndex (§6.5.2): a pseudo-link into the first block carrying its
    /// roster, then for each hop the link at level round(ln Δindex / ln base).
    /// </summary>
    public static List<ForwardLink> ProofLinks(IReadOnlyList<SkipBlock> proof)
    {
        if (proof.Count == 0)
        {
            throw new SkipchainException("cannot create links for empty proof");
        }
        var links = new List<ForwardLink>(proof.Count) { new() { To = proof[0].Hash, NewRoster = proof[0].Roster } };
        for (var i = 0; i + 1 < proof.Count; i++)
        {
            var level = SkipLevels.JumpLevel((long)proof[i + 1].Index - proof[i].Index, proof[0].BaseHeight);
            var from = proof[i].ForwardLinks;
            if (level < 0 || from.Count <= level || from[level].IsEmpty)
            {
                throw new SkipchainException("missing forward-link in proof");
            }
            links.Add(from[level]);
        }
        return links;
    }

    /// <summary>
    /// What an <c>scGetBlocks</c> child answers (§6.8): up to <paramref name="count"/> stored blocks from
    /// <paramref name="start"/>, each next one along the highest link (<paramref name="skipping"/>) or level 0.
    /// </summary>
    public static async Task<List<SkipBlock>> CollectAsync(ISkipBlockReader store, byte[] start, int count, bool skipping)
    {
        var result = new List<SkipBlock>();
        var next = start;
        for (var left = Math.Min(count, MaxBlocksPerAnswer); left > 0; left--)
        {
            if (next.Length == 0 || await store.GetAsync(next) is not { } block)
            {
                break;
            }
            if (result.Count > 0 && block.Index <= result[^1].Index)
            {
                throw new SkipchainException(InconsistentForwardLink);
            }
            result.Add(block);
            if (block.ForwardLinks.Count == 0)
            {
                break;
            }
            next = block.ForwardLinks[skipping ? ^1 : 0].To;
        }
        return result;
    }

    /// <summary>
    /// The back links of a block of <paramref name="height"/> after <paramref name="previous"/> (§6.4): [0] the previous
    /// block; [h] found by walking back along level-(h−1) back links to a block higher than h.
    /// <paramref name="resolve"/> returns the block a back link of the given block names (fetching it if needed).
    /// </summary>
    public static async Task<List<byte[]>> BackLinksAsync(SkipBlock previous, int height,
        Func<SkipBlock, byte[], Task<SkipBlock>> resolve)
    {
        var backLinks = new List<byte[]>(height);
        var pointer = previous;
        for (var h = 0; h < height; h++)
        {
            while (pointer.Height <= h)
            {
                if (h == 0 || pointer.BackLinkIds.Count < h)
                {
                    throw new SkipchainException($"block {pointer.Index} has no back link at height {h - 1}");
                }
                pointer = await resolve(pointer, pointer.BackLinkIds[h - 1]);
            }
            backLinks.Add(pointer.Hash);
        }
        return backLinks;
    }
}
