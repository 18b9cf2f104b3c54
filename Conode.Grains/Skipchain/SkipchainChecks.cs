using Conode.Cosi;
using Conode.Grains.Cosi;
using Conode.Network;
using Conode.Protobuf;
using Conode.Services.Skipchain;
using Microsoft.Extensions.Logging;

namespace Conode.Grains.Skipchain;

/// <summary>
/// The check functions of SkipchainBDNNew / SkipchainBFTNew (§6.9.1): in the prepare round a cosigner verifies the
/// proposed block against the previous one it stores (syncing first if it lacks it) and buffers it; in the commit round
/// it signs only what it verified. Run on the cosigner's collective-signing grain, never on a chain grain's turn.
/// </summary>
public sealed class NewBlockChecks(SkipBlockStore store, SkipchainNetwork network, FollowPolicy policy, ILogger<NewBlockChecks> logger)
    : ICosiChecks
{
    public async Task<bool> CheckAsync(CosiPhase phase, byte[] message, byte[] data)
    {
        if (SkipchainChecks.Decode(data, logger) is not { Newest: { } newest } request)
        {
            return false;
        }
        var chain = store.Chain(SkipBlockHashing.SkipChainId(newest));
        if (phase == CosiPhase.Commit)
        {
            return await SkipchainChecks.AcknowledgeAsync(chain, LinkRound.NewBlock, message, newest, logger);
        }
        var refusal = await VerifyAsync(message, request, newest);
        if (refusal is not null)
        {
            logger.LogWarning("Refused to sign the link to block {Index} {Hash}: {Reason}", newest.Index,
                SkipBlockStore.Key(newest.Hash), refusal);
            return false;
        }
        // Kept until the link is propagated; the block is stored with it (Go's blockBuffer).
        await chain.BufferProposal(DedisProtobuf.Encode(newest), newest.Hash);
        await chain.RememberVerified(LinkRound.NewBlock, message);
        return true;
    }

    /// <summary>Go's bftForwardLinkLevel0, plus the hash check Go leaves out; null when the block may be signed.</summary>
    private async Task<string?> VerifyAsync(byte[] message, ForwardSignature request, SkipBlock newest)
    {
        if (request.TargetHeight != 0)
        {
            return $"got unexpected target height: {request.TargetHeight}";
        }
        if (!SkipBlockHashing.ComputeHash(newest).AsSpan().SequenceEqual(newest.Hash))
        {
            return "newest block does not match its hash";
        }
        var previous = await store.GetAsync(request.Previous);
        if (previous is null)
        {
            if (!await policy.BlockIsFriendlyAsync(newest))
            {
                return "block is not friendly";
            }
            try
            {
                await network.SyncChainAsync(newest.Roster ?? throw new SkipchainException("Need a roster"), request.Previous);
            }
            catch (SkipchainException e)
            {
                return "failed to sync skipchain: " + e.Message;
            }
            previous = await store.GetAsync(request.Previous);
            if (previous is null)
            {
                return "Didn't find src-skipblock";
            }
        }
        if (!SkipBlockHashing.NewForwardLink(previous, newest).Signature.Msg.AsSpan().SequenceEqual(message))
        {
            return "Hash of ForwardLink is different from msg";
        }
        if (newest.BackLinkIds.Count == 0 || !newest.BackLinkIds[0].AsSpan().SequenceEqual(request.Previous))
        {
            return "Backlink does not point to previous block";
        }
        if (previous.ForwardLinks.Count > 0)
        {
            return "previous block already has forward-link";
        }
        if (previous.VerifierIds.Count > newest.VerifierIds.Count ||
            previous.VerifierIds.Where((verifier, i) => verifier != newest.VerifierIds[i]).Any())
        {
            return "Verifier IDs in the forward signature are wrong";
        }
        foreach (var verifier in newest.VerifierIds)
        {
            if (verifier != SkipchainConstants.VerifyBase)
            {
                return $"Found no user verification for {verifier}";
            }
            if (SkipBlockValidation.CheckVerifyBase(newest.Hash, newest, previous) is { } failed)
            {
                return "Verification function failed: " + failed;
            }
        }
        return null;
    }
}

/// <summary>
/// The check functions of SkipchainBDNFollow / SkipchainBFTFollow (§6.9.2): a higher-level link is signed only when
/// the target is at exactly that level from the source, the source has no such link yet, and the offered links
/// prove the target from the source.
/// </summary>
public sealed class FollowBlockChecks(SkipBlockStore store, ILogger<FollowBlockChecks> logger) : ICosiChecks
{
    public async Task<bool> CheckAsync(CosiPhase phase, byte[] message, byte[] data)
    {
        if (SkipchainChecks.Decode(data, logger) is not { Newest: { } newest } request)
        {
            return false;
        }
        var chain = store.Chain(SkipBlockHashing.SkipChainId(newest));
        if (phase == CosiPhase.Commit)
        {
            return await SkipchainChecks.AcknowledgeAsync(chain, LinkRound.FollowBlock, message, newest, logger);
        }
        if (await VerifyAsync(message, request, newest) is { } refusal)
        {
            logger.LogWarning("Refused to sign a level-{Level} link to block {Index}: {Reason}", request.TargetHeight,
                newest.Index, refusal);
            return false;
        }
        await chain.RememberVerified(LinkRound.FollowBlock, message);
        return true;
    }

    /// <summary>Go's bftForwardLink; null when the link may be signed.</summary>
    private async Task<string?> VerifyAsync(byte[] message, ForwardSignature request, SkipBlock newest)
    {
        if (!SkipBlockHashing.ComputeHash(newest).AsSpan().SequenceEqual(newest.Hash))
        {
            return "newest block does not match its hash";
        }
        var height = request.TargetHeight;
        if (height < 0 || height >= newest.BackLinkIds.Count)
        {
            return "unexpected target height value";
        }
        var source = await store.GetAsync(newest.BackLinkIds[height]);
        if (source is null)
        {
            return "don't have src-block";
        }
        if (SkipLevels.PathForIndex(source, newest.Index) != (height, newest.Index))
        {
            return "target height does not match the newest block";
        }
        if (source.ForwardLinks.Count >= height + 1)
        {
            return $"already have forward-link at height {height + 1}";
        }
        if (!SkipBlockHashing.SkipChainId(source).AsSpan().SequenceEqual(SkipBlockHashing.SkipChainId(newest)))
        {
            return "src and newest not from same skipchain";
        }
        if (ProveTarget(source, request.Links, newest) is { } broken)
        {
            return broken;
        }
        return SkipBlockHashing.NewForwardLink(source, newest).Signature.Msg.AsSpan().SequenceEqual(message)
            ? null
            : "hash to sign doesn't correspond to ForwardSignature";
    }

    /// <summary>
    /// The links must go from <paramref name="source"/> to <paramref name="newest"/>, each verifying with the roster in
    /// force (the source's, then each link's NewRoster) under the source's scheme.
    /// </summary>
    private static string? ProveTarget(SkipBlock source, IReadOnlyList<ForwardLink> links, SkipBlock newest)
    {
        if (links.Count == 0)
        {
            return "link list should not be empty";
        }
        var signers = new SkipBlock { Roster = source.Roster, SignatureScheme = source.SignatureScheme };
        for (var i = 0; i < links.Count; i++)
        {
            var link = links[i];
            if (ForwardLinkVerifier.Verify(link, signers) is { } error)
            {
                return "verification failed: " + error;
            }
            if (link.NewRoster is not null)
            {
                signers = new SkipBlock { Roster = link.NewRoster, SignatureScheme = source.SignatureScheme };
            }
            var expectedFrom = i == 0 ? source.Hash : links[i - 1].To;
            if (!link.From.AsSpan().SequenceEqual(expectedFrom))
            {
                return i == 0 ? "first link in link list is not source-block" : "links are not correctly chained together";
            }
        }
        return links[^1].To.AsSpan().SequenceEqual(newest.Hash) ? null : "latest link doesn't point to newest block";
    }
}

/// <summary>What both families of checks share.</summary>
internal static class SkipchainChecks
{
    /// <summary>The ForwardSignature the leader put in the round's data, or null (logged) when it is something else.</summary>
    public static ForwardSignature? Decode(byte[] data, ILogger logger)
    {
        try
        {
            if (MessageRegistry.Default.Unmarshal(data).Message is ForwardSignature request)
            {
                return request;
            }
        }
        catch (Protobuf.ProtobufException e)
        {
            logger.LogWarning("Couldn't unmarshal ForwardSignature: {Error}", e.Message);
            return null;
        }
        logger.LogWarning("Signing data is not a ForwardSignature");
        return null;
    }

    /// <summary>The commit-round check: sign only a link hash verified in this node's prepare round.</summary>
    public static async Task<bool> AcknowledgeAsync(ISkipchainGrain chain, LinkRound round, byte[] message, SkipBlock newest,
        ILogger logger)
    {
        if (await chain.TakeVerified(round, message))
        {
            return true;
        }
        logger.LogWarning("Refused to acknowledge an unknown forward-link to block {Index} {Hash}", newest.Index,
            SkipBlockStore.Key(newest.Hash));
        return false;
    }
}
