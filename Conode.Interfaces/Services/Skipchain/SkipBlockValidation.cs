namespace Conode.Services.Skipchain;

/// <summary>Block rules that need no storage (cothority-services.md §6.7). Null when the block passes, else Go's error text.</summary>
public static class SkipBlockValidation
{
    /// <summary>V0, Go's verifyBlock: checked when a chain is created and inside <see cref="CheckVerifyBase"/>.</summary>
    public static string? CheckBasic(SkipBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return block switch
        {
            { MaximumHeight: <= 0 } => "Set a maximumHeight > 0",
            { BaseHeight: <= 0 } => "Set a baseHeight > 0",
            { BaseHeight: 1, MaximumHeight: > 1 } => "Set maximumHeight to 1 when baseHeight is 1",
            { Index: < 0 } => "Can't have an index < 0",
            { BackLinkIds.Count: 0 } => "Need at least one backlinkID",
            { Height: < 1 } => "Minimum height is 1",
            _ when block.Height > block.MaximumHeight => "Height must be <= maximumHeight",
            { Roster: null } => "Need a roster",
            _ => null,
        };
    }

    /// <summary>
    /// The <c>VerifyBase</c> verifier (Go's verifyFuncBase) run by every cosigner on a proposed block:
    /// <paramref name="newId"/> (the hash being signed) is the block's hash, V0 holds, and <paramref name="previous"/> —
    /// the stored block at BackLinkIds[0], null if unknown here — is in the same chain, has the same MaximumHeight and
    /// BaseHeight, the index just before, and a signature scheme no stronger (no downgrade). Go only answers yes or no;
    /// the texts say which rule failed.
    /// </summary>
    public static string? CheckVerifyBase(byte[] newId, SkipBlock block, SkipBlock? previous)
    {
        ArgumentNullException.ThrowIfNull(newId);
        ArgumentNullException.ThrowIfNull(block);
        if (!block.Hash.AsSpan().SequenceEqual(newId))
        {
            return "Hashes are not equal";
        }
        if (CheckBasic(block) is { } basic)
        {
            return basic;
        }
        if (previous is null)
        {
            return "previous block is not stored";
        }
        if (!previous.Hash.AsSpan().SequenceEqual(block.BackLinkIds[0]))
        {
            return "previous block is not the first back link";
        }
        if (!SkipBlockHashing.SkipChainId(previous).AsSpan().SequenceEqual(SkipBlockHashing.SkipChainId(block)))
        {
            return "previous block belongs to another chain";
        }
        if (previous.MaximumHeight != block.MaximumHeight || previous.BaseHeight != block.BaseHeight)
        {
            return "heights differ from the previous block";
        }
        if (previous.Index + 1 != block.Index)
        {
            return "index does not follow the previous block";
        }
        return previous.SignatureScheme > block.SignatureScheme ? "signature scheme downgraded" : null;
    }
}
