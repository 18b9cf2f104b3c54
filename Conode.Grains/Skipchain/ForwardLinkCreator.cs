using Conode.Network;
using Conode.Services.Skipchain;

namespace Conode.Grains.Skipchain;

/// <summary>
/// Go's ForwardLinkHandler (§6.9.2): creates the level-h link from the block a new block's h-th back link names to that
/// new block, signed by the older block's roster with this node leading, then stores and propagates it. Asked by the
/// appending leader with a raw ForwardSignature, or over the websocket by OptimizeProof.
/// </summary>
public sealed class ForwardLinkCreator(SkipBlockStore store, SkipchainNetwork network, ILocalNode node)
{
    /// <exception cref="SkipchainException">Go's text: "&lt;address&gt; couldn't create forwardLink: …".</exception>
    public async Task<ForwardLink> CreateAsync(ForwardSignature request)
    {
        try
        {
            return await CreateLinkAsync(request);
        }
        catch (SkipchainException e)
        {
            throw new SkipchainException($"{node.ServerIdentity.Address} couldn't create forwardLink: {e.Message}", e);
        }
    }

    private async Task<ForwardLink> CreateLinkAsync(ForwardSignature request)
    {
        var newest = request.Newest ?? throw new SkipchainException("missing newest block");
        var height = request.TargetHeight;
        if (height < 0 || height >= newest.BackLinkIds.Count)
        {
            throw new SkipchainException(
                $"This backlink-height doesn't exist for block at index {newest.Index}: {height} / {newest.BackLinkIds.Count}");
        }
        var from = await store.GetAsync(newest.BackLinkIds[height]) ?? throw new SkipchainException("Didn't find target-block");
        if (!request.Previous.AsSpan().SequenceEqual(from.Hash))
        {
            throw new SkipchainException("TargetHeight backlink doesn't correspond to previous");
        }
        var proof = new ForwardSignature
        {
            TargetHeight = height,
            Previous = request.Previous,
            Newest = newest,
            Links = await ProveAsync(from, newest),
        };
        var protocols = SkipchainConstants.SignatureProtocols(from.SignatureScheme)
            ?? throw new SkipchainException($"unknown signature scheme {from.SignatureScheme}");
        var link = SkipBlockHashing.NewForwardLink(from, newest);
        try
        {
            link.Signature = await network.SignAsync(protocols.FollowBlock, from.Roster!, link.Signature.Msg, proof);
        }
        catch (SkipchainException e)
        {
            throw new SkipchainException("Couldn't get signature: " + e.Message, e);
        }
        var update = new PropagateForwardLink { ForwardLink = link, Height = height };
        // Stored here first: the propagation's own handler would only log a failure.
        await new ForwardLinkReceiver(store).ReceiveAsync(update);
        var roster = newest.Roster ?? throw new SkipchainException("Need a roster");
        var recipients = roster.IndexOf(node.ServerIdentity.Id) >= 0 ? roster : Roster.Create([.. roster.List, node.ServerIdentity]);
        await network.PropagateAsync(SkipchainConstants.PropagateForwardLinkProtocol, recipients, update);
        return link;
    }

    /// <summary>
    /// The links from <paramref name="from"/> to <paramref name="newest"/> along the highest link of each block, syncing
    /// or fetching blocks this node lacks from the roster of the block before them.
    /// </summary>
    private async Task<List<ForwardLink>> ProveAsync(SkipBlock from, SkipBlock newest)
    {
        var links = new List<ForwardLink>();
        var pointer = from;
        while (!pointer.Hash.AsSpan().SequenceEqual(newest.Hash))
        {
            var roster = pointer.Roster ?? throw new SkipchainException("Need a roster");
            if (pointer.ForwardLinks.Count == 0)
            {
                await network.SyncChainAsync(roster, pointer.Hash);
                pointer = await store.GetAsync(pointer.Hash);
                if (pointer is null || pointer.ForwardLinks.Count == 0)
                {
                    throw new SkipchainException("Couldn't reach the proposed block from the backlink");
                }
            }
            var highest = pointer.ForwardLinks[^1];
            links.Add(highest);
            var next = await store.GetAsync(highest.To);
            if (next is null)
            {
                try
                {
                    next = (await network.GetBlocksAsync(roster, highest.To, 1))[0];
                }
                catch (SkipchainException e)
                {
                    throw new SkipchainException("cannot create proof that the blocks are linked: " + e.Message, e);
                }
            }
            if (next.Index <= pointer.Index)
            {
                throw new SkipchainException(SkipchainWalks.InconsistentForwardLink);
            }
            pointer = next;
        }
        return links;
    }
}
