using Conode.Network;
using System.Security.Cryptography;
using Conode.Crypto.Ed25519;
using Conode.Grains.Skipchain;
using Conode.Protobuf;
using Conode.Services.Skipchain;
using Conode.Silo.Gateway;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Services.Skipchain;

/// <summary>
/// The Skipchain service's client API (cothority-services.md §6.5) on <c>/Skipchain/&lt;Request&gt;</c>, with Go's
/// validation and error texts. Appends are serialised per chain by <see cref="ISkipchainAppendGrain"/>.
/// </summary>
public sealed class SkipchainService : ClientService
{
    private readonly ILocalNode _node;
    private readonly SkipBlockStore _store;
    private readonly SkipchainNetwork _network;
    private readonly FollowPolicy _policy;
    private readonly IGrainFactory _grains;
    private readonly ILogger<SkipchainService> _logger;

    public SkipchainService(ILocalNode node, SkipBlockStore store, SkipchainNetwork network, FollowPolicy policy,
        ForwardLinkCreator links, ProofOptimizer optimizer, SkipchainFollowing following, IGrainFactory grains,
        ILogger<SkipchainService> logger)
        : base(SkipchainConstants.ServiceName)
    {
        _node = node;
        _store = store;
        _network = network;
        _policy = policy;
        _grains = grains;
        _logger = logger;
        On<StoreSkipBlock, StoreSkipBlockReply>(StoreSkipBlockAsync);
        On<GetUpdateChain, GetUpdateChainReply>(GetUpdateChainAsync);
        On<GetSingleBlock, SkipBlock>(async request =>
            await _store.GetAsync(request.Id) ?? throw new SkipchainException("No such block"));
        On<GetSingleBlockByIndex, GetSingleBlockByIndexReply>(GetSingleBlockByIndexAsync);
        On<GetAllSkipChainIDs, GetAllSkipChainIDsReply>(async _ =>
            new GetAllSkipChainIDsReply { Ids = [.. (await _store.Node.GetChainIds()).Select(Convert.FromHexString)] });
        On<GetAllSkipchains, GetAllSkipchainsReply>(GetAllSkipchainsAsync);
        On<OptimizeProofRequest, OptimizeProofReply>(optimizer.OptimizeAsync);
        On<ForwardSignature, ForwardSignatureReply>(async request => new ForwardSignatureReply { Link = await links.CreateAsync(request) });
        On<CreateLinkPrivate, EmptyReply>(following.CreateLinkPrivateAsync);
        On<Unlink, EmptyReply>(following.UnlinkAsync);
        On<Listlink, ListlinkReply>(following.ListlinkAsync);
        On<AddFollow, EmptyReply>(following.AddFollowAsync);
        On<DelFollow, EmptyReply>(following.DelFollowAsync);
        On<ListFollow, ListFollowReply>(following.ListFollowAsync);
    }

    /// <summary>§6.6: creates a chain or appends a block.</summary>
    private async Task<StoreSkipBlockReply> StoreSkipBlockAsync(StoreSkipBlock request)
    {
        var proposal = request.NewBlock ?? throw new SkipchainException("no new block given");
        var (storage, _) = await _policy.LoadAsync();
        if (storage.Clients.Count > 0)
        {
            if (request.Signature is null)
            {
                throw new SkipchainException("cannot create new skipblock without authentication");
            }
            if (!Authenticated(storage, SkipBlockHashing.ComputeHash(proposal), request.Signature))
            {
                throw new SkipchainException("wrong signature for this skipchain");
            }
        }
        if (proposal.Roster is not { List.Count: > 0 } roster)
        {
            throw new SkipchainException("empty roster");
        }
        if (!_node.ServerIdentity.HasSameKeyAs(roster.List[0]))
        {
            throw new SkipchainException("only leader is allowed to add blocks");
        }
        return request.TargetSkipChainId.Length == 0
            ? new StoreSkipBlockReply { Latest = await CreateChainAsync(proposal) }
            : await AppendAsync(request.TargetSkipChainId, proposal);
    }

    /// <summary>§6.6 step 3: the genesis is completed, checked, stored here, then propagated to its roster.</summary>
    private async Task<SkipBlock> CreateChainAsync(SkipBlock genesis)
    {
        genesis.Height = genesis.MaximumHeight;
        genesis.ForwardLinks = [];
        // A random back link makes identical genesis blocks distinct.
        genesis.BackLinkIds = [RandomNumberGenerator.GetBytes(32)];
        genesis.GenesisId = [];
        genesis.SignatureScheme = (uint)Crypto.Bls.SignatureScheme.Bdn;
        genesis.Hash = SkipBlockHashing.ComputeHash(genesis);
        if (SkipBlockValidation.CheckBasic(genesis) is { } invalid)
        {
            throw new SkipchainException(invalid);
        }
        await _store.StoreBlocksAsync([genesis]);
        try
        {
            await _network.PropagateAsync(SkipchainConstants.PropagateGenesisProtocol, genesis.Roster!, new PropagateGenesis { Genesis = genesis });
        }
        catch (SkipchainException e)
        {
            throw new SkipchainException("Couldn't propagate new blocks: " + e.Message, e);
        }
        _logger.LogDebug("Created chain {Chain}", SkipBlockStore.Key(genesis.Hash));
        return genesis;
    }

    /// <summary>§6.6 step 4: checks before taking the chain's append turn, which does the rest.</summary>
    private async Task<StoreSkipBlockReply> AppendAsync(byte[] target, SkipBlock proposal)
    {
        if (!await _policy.BlockIsFriendlyAsync(proposal))
        {
            throw new SkipchainException("chain not followed");
        }
        var known = await _store.GetAsync(target);
        if (known is null)
        {
            try
            {
                await _network.SyncChainAsync(proposal.Roster!, target);
            }
            catch (SkipchainException e)
            {
                throw new SkipchainException("didn't find block to attach to: " + e.Message, e);
            }
            known = await _store.GetAsync(target) ?? throw new SkipchainException("couldn't update to latest block");
        }
        var chainId = SkipBlockHashing.SkipChainId(known);
        var outcome = await _grains.GetGrain<ISkipchainAppendGrain>(SkipBlockStore.Key(chainId)).Append(DedisProtobuf.Encode(proposal));
        if (outcome.Error is { } error)
        {
            throw new SkipchainException(error);
        }
        return new StoreSkipBlockReply
        {
            Previous = DedisProtobuf.Decode<SkipBlock>(outcome.Previous!),
            Latest = DedisProtobuf.Decode<SkipBlock>(outcome.Latest!),
        };
    }

    /// <summary>Go's authenticate: signed by this node, by a member of a followed chain's roster, or by a linked client.</summary>
    private bool Authenticated(SkipchainStorage storage, byte[] message, byte[] signature) =>
        Schnorr.Verify(_node.Key.Public, message, signature) ||
        storage.Follow.SelectMany(followed => followed.Block?.Roster?.List ?? []).Any(member =>
            member.Public is not null && Schnorr.Verify(member.Public.MarshalBinary(), message, signature)) ||
        storage.Clients.Any(client => Schnorr.Verify(client.MarshalBinary(), message, signature));

    private async Task<GetUpdateChainReply> GetUpdateChainAsync(GetUpdateChain request)
    {
        var first = await _store.GetAsync(request.LatestId) ?? throw new SkipchainException("couldn't find latest skipblock");
        return new GetUpdateChainReply
        {
            Update = await SkipchainWalks.UpdateChainAsync(_store, first, request.MaxHeight, request.MaxBlocks, _node.ServerIdentity.Id),
        };
    }

    private async Task<GetSingleBlockByIndexReply> GetSingleBlockByIndexAsync(GetSingleBlockByIndex request)
    {
        var start = await _store.GetAsync(request.Genesis)
            ?? throw new SkipchainException("couldn't get path to block: didn't find genesis block");
        List<SkipBlock> path;
        try
        {
            path = await SkipchainWalks.PathAsync(_store, start, request.Index);
        }
        catch (SkipchainException e)
        {
            throw new SkipchainException("couldn't get path to block: couldn't get path: " + e.Message, e);
        }
        try
        {
            return new GetSingleBlockByIndexReply { SkipBlock = path[^1], Links = SkipchainWalks.ProofLinks(path) };
        }
        catch (SkipchainException e)
        {
            throw new SkipchainException("couldn't get forward-links: " + e.Message, e);
        }
    }

    private async Task<GetAllSkipchainsReply> GetAllSkipchainsAsync(GetAllSkipchains request)
    {
        _logger.LogWarning("GetAllSkipchains is deprecated because it returns all blocks instead of all skipchains. " +
            "Migrate to GetAllSkipChainIDs.");
        return new GetAllSkipchainsReply { SkipChains = await _store.GetAllBlocksAsync() };
    }

    /// <summary>Registers a handler whose failures reach the client as Go's processing errors.</summary>
    private void On<TRequest, TReply>(Func<TRequest, Task<TReply>> handler)
        where TRequest : class
        where TReply : class =>
        Handle<TRequest, TReply>(async (request, _) =>
        {
            try
            {
                return await handler(request);
            }
            catch (SkipchainException e)
            {
                throw ClientRequestException.Processing(e.Message, e);
            }
            catch (ArgumentException e)
            {
                // E.g. a roster member without a key: the block cannot be hashed.
                throw ClientRequestException.Processing(e.Message, e);
            }
        });
}
