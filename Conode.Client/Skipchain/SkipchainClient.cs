using Conode.Client.WebSockets;
using Conode.Network;
using Conode.Services.Skipchain;

namespace Conode.Client.Skipchain;

/// <summary>
/// Calls of the Skipchain service (cothority-services.md §6.5) on any conode, Go or ours. The calls that change a
/// chain check what comes back the way Go's client does, so a faulty or lying leader is noticed at once.
/// </summary>
public static class SkipchainClient
{
    public const string ServiceName = SkipchainConstants.ServiceName;

    /// <summary>
    /// Creates a chain led by <paramref name="roster"/>'s first member (Go's CreateGenesis). Throws
    /// <see cref="SkipchainVerificationException"/> if the genesis returned is not the one asked for.
    /// </summary>
    public static async Task<SkipBlock> CreateGenesisAsync(this ConodeClient client, Roster roster, byte[] data,
        int baseHeight = 4, int maximumHeight = 32, IReadOnlyList<Uuid>? verifiers = null,
        CancellationToken cancellationToken = default)
    {
        var proposal = new SkipBlock
        {
            Height = maximumHeight,
            MaximumHeight = maximumHeight,
            BaseHeight = baseHeight,
            VerifierIds = [.. verifiers ?? SkipchainConstants.VerificationStandard],
            Data = data,
            Roster = roster,
            SignatureScheme = 1,
        };
        var reply = await client.StoreAsync(LeaderOf(roster), new StoreSkipBlock { NewBlock = proposal }, cancellationToken);
        var genesis = reply.Latest ?? throw new SkipchainVerificationException("the conode returned no genesis block");
        SkipchainVerifier.VerifyBlock(genesis);
        if (genesis.Index != 0 || genesis.Roster?.Id != roster.Id || !genesis.Data.AsSpan().SequenceEqual(data) ||
            genesis.BaseHeight != baseHeight || genesis.MaximumHeight != maximumHeight ||
            !genesis.VerifierIds.SequenceEqual(proposal.VerifierIds))
        {
            throw new SkipchainVerificationException("the genesis block returned differs from the one asked for");
        }
        return genesis;
    }

    /// <summary>
    /// Appends a block with <paramref name="data"/> after <paramref name="latest"/> (any block of the chain; the
    /// conode finds the latest), led by <paramref name="roster"/> or else by the roster of <paramref name="latest"/>.
    /// The request goes to the leader's published address, or to <paramref name="leader"/> when given (e.g. one silo
    /// of a node that runs several, each on its own ports). Returns the reply once both blocks and the new forward
    /// link are verified.
    /// </summary>
    public static async Task<StoreSkipBlockReply> AddBlockAsync(this ConodeClient client, SkipBlock latest, byte[] data,
        Roster? roster = null, ConodeEndpoint? leader = null, CancellationToken cancellationToken = default)
    {
        var newRoster = roster ?? latest.Roster ?? throw new ArgumentException("the block has no roster", nameof(latest));
        var request = new StoreSkipBlock
        {
            TargetSkipChainId = latest.Hash,
            NewBlock = new SkipBlock { Data = data, Roster = newRoster },
        };
        var reply = await client.StoreAsync(leader ?? LeaderOf(newRoster), request, cancellationToken);
        var added = reply.Latest ?? throw new SkipchainVerificationException("the conode returned no new block");
        var previous = reply.Previous ?? throw new SkipchainVerificationException("the conode returned no previous block");
        SkipchainVerifier.VerifyBlock(added);
        SkipchainVerifier.VerifyBlock(previous);
        SkipchainVerifier.VerifyLinked(previous, added);
        return reply;
    }

    public static Task<StoreSkipBlockReply> StoreAsync(this ConodeClient client, ConodeEndpoint node, StoreSkipBlock request,
        CancellationToken cancellationToken = default) =>
        client.RequestAsync<StoreSkipBlock, StoreSkipBlockReply>(node, ServiceName, request, cancellationToken);

    /// <summary>One node's answer to GetUpdateChain, unverified (§6.5.1).</summary>
    public static async Task<IReadOnlyList<SkipBlock>> GetUpdateChainAsync(this ConodeClient client, ConodeEndpoint node,
        byte[] fromId, CancellationToken cancellationToken = default)
    {
        var reply = await client.RequestAsync<GetUpdateChain, GetUpdateChainReply>(node, ServiceName,
            new GetUpdateChain { LatestId = fromId, MaxHeight = -1, MaxBlocks = -1 }, cancellationToken);
        return reply.Update;
    }

    /// <summary>
    /// The chain from block <paramref name="fromId"/> to the latest block, verified link by link, as Go's client walks
    /// it (GetUpdateChainLevel): asks the members of the roster in charge in turn until one answers, checks the answer,
    /// then goes on from the block the highest forward link of its last block points to, asking the roster that link
    /// hands over to. A node answers only up to the last block whose roster it is in, so across a roster change the
    /// walk moves to the new roster; an answer ending on a block whose roster does not hold the node that sent it is
    /// not trusted, and that block is asked again of its own roster. When nobody of a later roster answers, the walk
    /// asks <paramref name="roster"/> again, once, as Go does.
    /// </summary>
    public static async Task<IReadOnlyList<SkipBlock>> GetVerifiedChainAsync(this ConodeClient client, Roster roster,
        byte[] fromId, CancellationToken cancellationToken = default)
    {
        var chain = new List<SkipBlock>();
        var current = fromId;
        var askable = roster;
        var fellBack = false;
        while (true)
        {
            IReadOnlyList<SkipBlock> update;
            ServerIdentity answeredBy;
            try
            {
                (update, answeredBy) = await client.AskAnyAsync(askable,
                    node => client.GetUpdateChainAsync(node, current, cancellationToken));
            }
            catch (ConodeClientException) when (!fellBack && askable.Id != roster.Id)
            {
                fellBack = true;
                askable = roster;
                continue;
            }
            SkipchainVerifier.VerifyChain(update, current);
            if (chain.Count > 0)
            {
                SkipchainVerifier.VerifyLinked(chain[^1], update[0]);
            }
            chain.AddRange(update);
            var last = chain[^1];
            if (last.Roster?.IndexOf(answeredBy.Id) is null or < 0)
            {
                // Go's "possibly outdated block": ask the block's own roster for it and what follows.
                chain.RemoveAt(chain.Count - 1);
                current = last.Hash;
                askable = last.Roster ?? throw new SkipchainVerificationException($"block {last.Index} has no roster");
                continue;
            }
            var next = last.ForwardLinks.LastOrDefault(link => !link.IsEmpty);
            if (next is null)
            {
                return chain;
            }
            current = next.To;
            askable = next.NewRoster ?? last.Roster;
            fellBack = false;
        }
    }

    /// <summary>The stored block <paramref name="id"/>, with its hash checked.</summary>
    public static async Task<SkipBlock> GetSingleBlockAsync(this ConodeClient client, ConodeEndpoint node, byte[] id,
        CancellationToken cancellationToken = default)
    {
        var block = await client.RequestAsync<GetSingleBlock, SkipBlock>(node, ServiceName, new GetSingleBlock { Id = id },
            cancellationToken);
        SkipchainVerifier.VerifyBlock(block);
        if (!block.Hash.AsSpan().SequenceEqual(id))
        {
            throw new SkipchainVerificationException("the conode returned another block than the one asked for");
        }
        return block;
    }

    /// <summary>Block <paramref name="index"/> of chain <paramref name="genesisId"/> (−1: the latest), checked as Go does (§6.5.2).</summary>
    public static async Task<GetSingleBlockByIndexReply> GetSingleBlockByIndexAsync(this ConodeClient client,
        ConodeEndpoint node, byte[] genesisId, int index, CancellationToken cancellationToken = default)
    {
        var reply = await client.RequestAsync<GetSingleBlockByIndex, GetSingleBlockByIndexReply>(node, ServiceName,
            new GetSingleBlockByIndex { Genesis = genesisId, Index = index }, cancellationToken);
        var block = reply.SkipBlock ?? throw new SkipchainVerificationException("the conode returned no block");
        SkipchainVerifier.VerifyBlock(block);
        if ((index >= 0 && block.Index != index) || !SkipBlockHashing.SkipChainId(block).AsSpan().SequenceEqual(genesisId))
        {
            throw new SkipchainVerificationException($"the conode returned block {block.Index} of another chain or index");
        }
        return reply;
    }

    /// <summary>The IDs of every chain <paramref name="node"/> stores.</summary>
    public static async Task<IReadOnlyList<byte[]>> GetAllSkipChainIdsAsync(this ConodeClient client, ConodeEndpoint node,
        CancellationToken cancellationToken = default) =>
        (await client.RequestAsync<GetAllSkipChainIDs, GetAllSkipChainIDsReply>(node, ServiceName, new GetAllSkipChainIDs(),
            cancellationToken)).Ids;

    private static ConodeEndpoint LeaderOf(Roster roster) =>
        roster.List.Count > 0 ? ConodeEndpoint.Of(roster.List[0]) : throw new ArgumentException("the roster is empty", nameof(roster));

    /// <summary>The first member of <paramref name="roster"/> that answers, with its answer; the last error if none does.</summary>
    private static async Task<(T Answer, ServerIdentity Member)> AskAnyAsync<T>(this ConodeClient client, Roster roster,
        Func<ConodeEndpoint, Task<T>> ask)
    {
        ConodeClientException? lastError = null;
        foreach (var member in roster.List)
        {
            try
            {
                return (await ask(ConodeEndpoint.Of(member)), member);
            }
            catch (ConodeClientException e)
            {
                lastError = e;
            }
        }
        throw lastError ?? new ConodeClientException("the roster is empty");
    }
}
