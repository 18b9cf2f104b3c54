using Conode.Client.WebSockets;
using Conode.Network;
using Conode.Services.Skipchain;

namespace Conode.Client;

/// <summary>Calls of the Skipchain service (cothority-services.md §6.5) and the checks Go's client makes on the answers.</summary>
public static class SkipchainClient
{
    /// <summary>
    /// Creates a chain led by <paramref name="roster"/>'s first member (to which the request goes), as Go's
    /// CreateGenesis sends it; the node fills in the rest of the genesis block.
    /// </summary>
    public static Task<StoreSkipBlockReply> CreateGenesisAsync(this ConodeClient client, Roster roster, int baseHeight,
        int maximumHeight, IEnumerable<Uuid> verifiers, byte[] data, CancellationToken cancellationToken = default) =>
        client.StoreSkipBlockAsync(roster, new StoreSkipBlock
        {
            NewBlock = new SkipBlock
            {
                BaseHeight = baseHeight, MaximumHeight = maximumHeight, VerifierIds = [.. verifiers], Data = data, Roster = roster,
            },
        }, cancellationToken);

    /// <summary>Appends a block with <paramref name="data"/> and <paramref name="roster"/> to chain <paramref name="chainId"/>, asking the roster's leader.</summary>
    public static Task<StoreSkipBlockReply> AddBlockAsync(this ConodeClient client, byte[] chainId, Roster roster, byte[] data,
        CancellationToken cancellationToken = default) =>
        client.StoreSkipBlockAsync(roster, new StoreSkipBlock
        {
            TargetSkipChainId = chainId,
            NewBlock = new SkipBlock { Data = data, Roster = roster },
        }, cancellationToken);

    /// <summary>
    /// Sends <paramref name="request"/> to the first member of <paramref name="roster"/> and checks, as Go's client does,
    /// the forward signatures of the returned blocks.
    /// </summary>
    public static async Task<StoreSkipBlockReply> StoreSkipBlockAsync(this ConodeClient client, Roster roster,
        StoreSkipBlock request, CancellationToken cancellationToken = default)
    {
        var reply = await client.RequestAsync<StoreSkipBlock, StoreSkipBlockReply>(ConodeEndpoint.Of(roster.List[0]),
            SkipchainConstants.ServiceName, request, cancellationToken);
        foreach (var block in new[] { reply.Latest, reply.Previous }.OfType<SkipBlock>())
        {
            if (ForwardLinkVerifier.VerifyForwardSignatures(block) is { } error)
            {
                throw new ConodeClientException($"{roster.List[0].Address} returned an invalid block {block.Index}: {error}");
            }
        }
        return reply.Latest is null ? throw new ConodeClientException("got an empty reply") : reply;
    }

    /// <summary>
    /// The blocks from <paramref name="latestId"/> to the latest one this node knows, as Go's client asks for them
    /// (MaxHeight and MaxBlocks −1), checked with <see cref="VerifyUpdateChain"/>.
    /// </summary>
    public static async Task<List<SkipBlock>> GetUpdateChainAsync(this ConodeClient client, ConodeEndpoint node, byte[] latestId,
        CancellationToken cancellationToken = default)
    {
        var reply = await client.RequestAsync<GetUpdateChain, GetUpdateChainReply>(node, SkipchainConstants.ServiceName,
            new GetUpdateChain { LatestId = latestId, MaxHeight = -1, MaxBlocks = -1 }, cancellationToken);
        return VerifyUpdateChain(reply.Update, latestId) is { } error
            ? throw new ConodeClientException($"{node}: invalid chain: {error}")
            : reply.Update;
    }

    public static Task<SkipBlock> GetSingleBlockAsync(this ConodeClient client, ConodeEndpoint node, byte[] id,
        CancellationToken cancellationToken = default) =>
        client.RequestAsync<GetSingleBlock, SkipBlock>(node, SkipchainConstants.ServiceName, new GetSingleBlock { Id = id }, cancellationToken);

    public static Task<GetSingleBlockByIndexReply> GetSingleBlockByIndexAsync(this ConodeClient client, ConodeEndpoint node,
        byte[] genesis, int index, CancellationToken cancellationToken = default) =>
        client.RequestAsync<GetSingleBlockByIndex, GetSingleBlockByIndexReply>(node, SkipchainConstants.ServiceName,
            new GetSingleBlockByIndex { Genesis = genesis, Index = index }, cancellationToken);

    public static async Task<List<byte[]>> GetAllSkipChainIdsAsync(this ConodeClient client, ConodeEndpoint node,
        CancellationToken cancellationToken = default) =>
        (await client.RequestAsync<GetAllSkipChainIDs, GetAllSkipChainIDsReply>(node, SkipchainConstants.ServiceName,
            new GetAllSkipChainIDs(), cancellationToken)).Ids;

    /// <summary>
    /// Go's client checks of a GetUpdateChain answer: it starts at <paramref name="firstId"/>; every block's hash and
    /// forward links verify; consecutive blocks p, b are joined at level k = min(p.Height, b.Height): b's back link and
    /// p's forward link at k − 1 name each other. Null when the chain is valid.
    /// </summary>
    public static string? VerifyUpdateChain(IReadOnlyList<SkipBlock> blocks, byte[] firstId)
    {
        if (blocks.Count == 0 || !blocks[0].Hash.AsSpan().SequenceEqual(firstId))
        {
            return "first returned block does not match requested hash";
        }
        for (var i = 0; i < blocks.Count; i++)
        {
            if (ForwardLinkVerifier.VerifyForwardSignatures(blocks[i]) is { } error)
            {
                return $"block {blocks[i].Index}: {error}";
            }
            if (i == 0)
            {
                continue;
            }
            var (previous, block) = (blocks[i - 1], blocks[i]);
            var level = Math.Min(previous.Height, block.Height) - 1;
            if (level < 0 || block.BackLinkIds.Count <= level || !block.BackLinkIds[level].AsSpan().SequenceEqual(previous.Hash))
            {
                return "corresponding backlink doesn't point to previous block";
            }
            if (previous.ForwardLinks.Count <= level || !previous.ForwardLinks[level].To.AsSpan().SequenceEqual(block.Hash))
            {
                return "corresponding forwardlink doesn't point to next block";
            }
        }
        return null;
    }
}
