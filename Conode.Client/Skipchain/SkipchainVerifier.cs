using Conode.Services.Skipchain;

namespace Conode.Client.Skipchain;

/// <summary>A block or chain from a conode that does not hold up: wrong hash, bad link, broken sequence.</summary>
public sealed class SkipchainVerificationException(string message) : Exception(message);

/// <summary>
/// Client-side checks of what conodes return (§6.3, §6.5.1): a client trusts no single conode, only hashes and
/// the collective signatures of the rosters.
/// </summary>
public static class SkipchainVerifier
{
    /// <summary>The block's hash is its content's, and every forward link leaving it is signed by its roster.</summary>
    public static void VerifyBlock(SkipBlock block)
    {
        if (!SkipBlockHashing.ComputeHash(block).AsSpan().SequenceEqual(block.Hash))
        {
            throw new SkipchainVerificationException($"block {block.Index}: the hash does not match the content");
        }
        var error = ForwardLinkVerifier.VerifyForwardSignatures(block);
        if (error is not null)
        {
            throw new SkipchainVerificationException($"block {block.Index}: {error}");
        }
    }

    /// <summary>
    /// <paramref name="next"/> follows <paramref name="previous"/>: a verified forward link of the previous block
    /// points to it, it links back, and if the link hands over to a new roster, that is the roster of the next block.
    /// </summary>
    public static void VerifyLinked(SkipBlock previous, SkipBlock next)
    {
        var link = previous.ForwardLinks.FirstOrDefault(l => l.To.AsSpan().SequenceEqual(next.Hash))
            ?? throw new SkipchainVerificationException($"block {previous.Index} has no forward link to block {next.Index}");
        if (next.Index <= previous.Index)
        {
            throw new SkipchainVerificationException($"block {next.Index} does not come after block {previous.Index}");
        }
        if (!next.BackLinkIds.Any(back => back.AsSpan().SequenceEqual(previous.Hash)))
        {
            throw new SkipchainVerificationException($"block {next.Index} has no back link to block {previous.Index}");
        }
        if (link.NewRoster is not null && link.NewRoster.Id != next.Roster?.Id)
        {
            throw new SkipchainVerificationException($"the link to block {next.Index} hands over to another roster than the block's");
        }
    }

    /// <summary>
    /// Every block of <paramref name="chain"/> verifies and each is linked to the next; the first one is
    /// <paramref name="firstId"/> when given.
    /// </summary>
    public static void VerifyChain(IReadOnlyList<SkipBlock> chain, byte[]? firstId = null)
    {
        if (chain.Count == 0)
        {
            throw new SkipchainVerificationException("the chain is empty");
        }
        if (firstId is not null && !chain[0].Hash.AsSpan().SequenceEqual(firstId))
        {
            throw new SkipchainVerificationException("the chain does not start at the block asked for");
        }
        for (var i = 0; i < chain.Count; i++)
        {
            VerifyBlock(chain[i]);
            if (i > 0)
            {
                VerifyLinked(chain[i - 1], chain[i]);
            }
        }
    }
}
