using Conode.Services.Skipchain;

namespace Conode.Grains.Skipchain;

/// <summary>
/// Go's Proof.Verify and Proof.VerifyFromID (struct.go): a list of blocks where each hash is right, each block has a
/// back link to the one before, and each is joined to the next by a forward link that verifies. Null when valid,
/// else Go's error text.
/// </summary>
public static class ProofCheck
{
    /// <summary>A proof from the genesis (what PropagateProof carries).</summary>
    public static string? Verify(IReadOnlyList<SkipBlock> proof) =>
        proof.Count == 0 ? "Empty list of blocks"
        : proof[0].Index != 0 ? "First element must be a genesis"
        : VerifyChain(proof);

    /// <summary>A proof starting at block <paramref name="id"/> (what scGetBlocks answers).</summary>
    public static string? VerifyFrom(IReadOnlyList<SkipBlock> proof, byte[] id) =>
        proof.Count == 0 ? "Empty list of blocks"
        : !proof[0].Hash.AsSpan().SequenceEqual(id) ? "Proof does not start with the correct block"
        : VerifyChain(proof);

    private static string? VerifyChain(IReadOnlyList<SkipBlock> proof)
    {
        for (var i = 0; i < proof.Count; i++)
        {
            var block = proof[i];
            if (!SkipBlockHashing.ComputeHash(block).AsSpan().SequenceEqual(block.Hash))
            {
                return "Wrong hash";
            }
            if (i > 0 && !block.BackLinkIds.Any(backLink => backLink.AsSpan().SequenceEqual(proof[i - 1].Hash)))
            {
                return "Missing backlink";
            }
            if (i < proof.Count - 1 && LinkToNext(block, proof[i + 1]) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    /// <summary>
    /// Go checks the links from the highest down and fails on the first one that does not verify, even if it is not
    /// the one that reaches the next block.
    /// </summary>
    private static string? LinkToNext(SkipBlock block, SkipBlock next)
    {
        if (block.ForwardLinks.Count == 0)
        {
            return "Missing forward links";
        }
        for (var level = block.ForwardLinks.Count - 1; level >= 0; level--)
        {
            var link = block.ForwardLinks[level];
            if (link.IsEmpty)
            {
                continue;
            }
            if (ForwardLinkVerifier.Verify(link, block) is { } error)
            {
                return "verify with scheme: " + error;
            }
            if (link.To.AsSpan().SequenceEqual(next.Hash) && link.From.AsSpan().SequenceEqual(block.Hash))
            {
                return null;
            }
        }
        return "encountered invalid or missing forward-links in proof";
    }
}
