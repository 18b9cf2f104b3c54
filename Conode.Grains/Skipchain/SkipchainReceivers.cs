using Conode.Grains.Messaging;
using Conode.Protobuf;
using Conode.Services.Skipchain;

namespace Conode.Grains.Skipchain;

/// <summary><c>SkipchainPropagate</c> (§6.9.4): a new chain's genesis, stored if this node wants to follow it.</summary>
public sealed class GenesisReceiver(SkipBlockStore store, FollowPolicy policy) : IPropagationReceiver
{
    public async Task ReceiveAsync(object message)
    {
        var genesis = (message as PropagateGenesis)?.Genesis ?? throw new SkipchainException("Couldn't convert to slice of SkipBlocks");
        if (!await policy.BlockIsFriendlyAsync(genesis))
        {
            throw new SkipchainException("Conode doesn't want to follow that skipchain");
        }
        await store.StoreBlocksAsync([genesis]);
    }
}

/// <summary>
/// <c>SkipchainPropagateFL</c> (§6.9.2): a new link for a stored block; a level-0 link brings the block this node
/// buffered when it verified the proposal, and both are stored together.
/// </summary>
public sealed class ForwardLinkReceiver(SkipBlockStore store) : IPropagationReceiver
{
    public async Task ReceiveAsync(object message)
    {
        var propagated = message as PropagateForwardLink;
        var link = propagated?.ForwardLink ?? throw new SkipchainException("couldn't convert to a ForwardLink propagation");
        var from = await store.GetAsync(link.From)
            ?? throw new SkipchainException("couldn't get the block to attach the forward link");
        if (propagated.Height < 0 || propagated.Height >= from.Height)
        {
            throw new SkipchainException("couldn't add forward-link: invalid position");
        }
        while (from.ForwardLinks.Count <= propagated.Height)
        {
            from.ForwardLinks.Add(new ForwardLink());
        }
        var alreadyThere = from.ForwardLinks[propagated.Height];
        if (!alreadyThere.IsEmpty)
        {
            // Known already (e.g. the root's own copy): nothing to do, unless someone offers another link for the slot.
            if (!alreadyThere.Signature.Msg.AsSpan().SequenceEqual(link.Signature.Msg))
            {
                throw new SkipchainException($"block {from.Index} already has another link at level {propagated.Height}");
            }
            return;
        }
        from.ForwardLinks[propagated.Height] = link;
        // The link's pairing check runs while the proposal is fetched; the store's own check then finds it passed
        // (CosiVerificationCache) and gives the error text when it did not.
        var signatureChecked = Task.Run(() => ForwardLinkVerifier.Verify(link, from));
        List<SkipBlock> batch = [from];
        var chain = store.Chain(SkipBlockHashing.SkipChainId(from));
        if (propagated.Height == 0 && await store.GetAsync(link.To) is null)
        {
            var proposed = await chain.GetProposal(link.To)
                ?? throw new SkipchainException("cannot store forward-link if there is no corresponding block");
            batch.Add(DedisProtobuf.Decode<SkipBlock>(proposed));
        }
        await signatureChecked;
        var refused = await store.StoreBlocksAsync(batch);
        if (propagated.Height == 0)
        {
            await chain.ClearProposal(link.To);
        }
        if (refused.Count > 0)
        {
            throw new SkipchainException("couldn't add forward-link: " + refused[0]);
        }
    }
}

/// <summary><c>SkipchainPropagateProof</c> (§6.9.4): the shortest proof of a chain, for a node that joins its roster.</summary>
public sealed class ProofReceiver(SkipBlockStore store, FollowPolicy policy) : IPropagationReceiver
{
    public async Task ReceiveAsync(object message)
    {
        var proof = (message as PropagateProof)?.Proof ?? throw new SkipchainException("Couldn't convert to PropagateProof message");
        if (proof.Count > 0 && !await policy.BlockIsFriendlyAsync(proof[0]))
        {
            throw new SkipchainException("Block is not friendly");
        }
        if (ProofCheck.Verify(proof) is { } error)
        {
            throw new SkipchainException("Proof verification failed with: " + error);
        }
        await store.StoreBlocksAsync(proof);
    }
}
