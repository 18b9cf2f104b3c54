using Conode.Crypto.Ed25519;
using Conode.Grains.Skipchain;
using Conode.Network;
using Conode.Protobuf;
using Conode.Services.Skipchain;

namespace Conode.Silo.Services.Skipchain;

/// <summary>
/// Linked clients and follow lists (§6.10): CreateLinkPrivate, Unlink, Listlink, AddFollow, DelFollow, ListFollow,
/// saved in the node's <see cref="SkipchainStorage"/>. Error texts are Go's.
/// </summary>
public sealed class SkipchainFollowing(ILocalNode node, FollowPolicy policy, SkipBlockStore store, SkipchainNetwork network)
{
    private const string WrongSigner = "wrong signature of unknown signer";

    /// <summary>Links a client key; the request is signed by this node's own key over the key's bytes.</summary>
    public async Task<EmptyReply> CreateLinkPrivateAsync(CreateLinkPrivate request)
    {
        var client = request.Public ?? throw new SkipchainException("couldn't marshal public key: no key given");
        if (!Schnorr.Verify(node.Key.Public, client.MarshalBinary(), request.Signature))
        {
            throw new SkipchainException("wrong signature on public key: invalid signature");
        }
        await policy.UpdateAsync(storage => storage.Clients.Add(client));
        return new EmptyReply();
    }

    /// <summary>Removes a linked client, which signs <c>"unlink:" ‖ key</c>.</summary>
    public async Task<EmptyReply> UnlinkAsync(Unlink request)
    {
        var client = request.Public ?? throw new SkipchainException("couldn't marshal public key: no key given");
        var key = client.MarshalBinary();
        var (current, _) = await policy.LoadAsync();
        if (!current.Clients.Any(linked => SameKey(linked, key)))
        {
            throw new SkipchainException("didn't find public key in clients");
        }
        if (!Schnorr.Verify(key, [.. "unlink:"u8, .. key], request.Signature))
        {
            throw new SkipchainException("invalid signature");
        }
        await policy.UpdateAsync(storage =>
        {
            var index = storage.Clients.FindIndex(linked => SameKey(linked, key));
            if (index < 0)
            {
                throw new SkipchainException("didn't find this clients public key");
            }
            storage.Clients.RemoveAt(index);
        });
        return new EmptyReply();
    }

    public async Task<ListlinkReply> ListlinkAsync(Listlink request) =>
        new() { Publics = (await policy.LoadAsync()).Storage.Clients };

    /// <summary>Follows a chain; signed by a linked client over ID ‖ byte(Follow) ‖ Conode.ID (any signature when none is linked).</summary>
    public async Task<EmptyReply> AddFollowAsync(AddFollow request)
    {
        byte[] message = [.. request.SkipchainId, (byte)request.Follow, .. request.Conode?.Id.ToByteArray() ?? []];
        await RequireClientSignatureAsync(message, request.Signature);
        switch ((FollowType)request.Follow)
        {
            case FollowType.FollowId:
                await policy.UpdateAsync(storage => storage.FollowIds.Add(request.SkipchainId));
                break;
            case FollowType.FollowSearch:
                await FollowAsync(await SearchLatestAsync(request.SkipchainId) ?? throw new SkipchainException("didn't find that skipchain-id"),
                    request.NewChain);
                break;
            case FollowType.FollowLookup:
                SkipBlock latest;
                try
                {
                    var conode = request.Conode ?? throw new SkipchainException("no conode given");
                    latest = await network.GetLastBlockAsync(Roster.Create([conode]), request.SkipchainId);
                }
                catch (SkipchainException e)
                {
                    throw new SkipchainException("couldn't lookup skipchain: " + e.Message, e);
                }
                await FollowAsync(latest, request.NewChain);
                break;
            default:
                throw new SkipchainException("unknown follow type");
        }
        return new EmptyReply();
    }

    /// <summary>Stops following a chain; signed over <c>"delfollow:" ‖ ID</c>.</summary>
    public async Task<EmptyReply> DelFollowAsync(DelFollow request)
    {
        await RequireClientSignatureAsync([.. "delfollow:"u8, .. request.SkipchainId], request.Signature);
        await policy.UpdateAsync(storage =>
        {
            var id = request.SkipchainId;
            var byId = storage.FollowIds.FindIndex(followed => followed.AsSpan().SequenceEqual(id));
            var byBlock = storage.Follow.FindIndex(followed =>
                followed.Block is not null && SkipBlockHashing.SkipChainId(followed.Block).AsSpan().SequenceEqual(id));
            if (byId < 0 && byBlock < 0)
            {
                throw new SkipchainException("didn't find any block of that id");
            }
            if (byId >= 0)
            {
                storage.FollowIds.RemoveAt(byId);
            }
            if (byBlock >= 0)
            {
                storage.Follow.RemoveAt(byBlock);
            }
        });
        return new EmptyReply();
    }

    /// <summary>The follow lists; signed over <c>"listfollow:" ‖ this node's public key</c>.</summary>
    public async Task<ListFollowReply> ListFollowAsync(ListFollow request)
    {
        await RequireClientSignatureAsync([.. "listfollow:"u8, .. node.Key.Public.MarshalBinary()], request.Signature);
        var (storage, _) = await policy.LoadAsync();
        return new ListFollowReply { Follow = storage.Follow, FollowIds = storage.FollowIds };
    }

    /// <summary>Go's verifySigs: any linked client's signature, or anything while no client is linked.</summary>
    private async Task RequireClientSignatureAsync(byte[] message, byte[] signature)
    {
        var (storage, _) = await policy.LoadAsync();
        if (storage.Clients.Count > 0 && !storage.Clients.Any(client => Schnorr.Verify(client.MarshalBinary(), message, signature)))
        {
            throw new SkipchainException(WrongSigner);
        }
    }

    private Task FollowAsync(SkipBlock latest, int newChain) =>
        policy.UpdateAsync(storage => storage.Follow.Add(new FollowChainType { Block = latest, NewChain = newChain }));

    /// <summary>Go's FollowSearch: asks every conode of the followed and stored rosters for the chain's latest block.</summary>
    private async Task<SkipBlock?> SearchLatestAsync(byte[] chainId)
    {
        var (storage, _) = await policy.LoadAsync();
        var rosters = storage.Follow.Select(followed => followed.Block?.Roster)
            .Concat((await store.GetAllBlocksAsync()).Select(block => block.Roster));
        var conodes = rosters.SelectMany(roster => roster?.List ?? []).DistinctBy(member => member.Id).ToList();
        foreach (var conode in conodes)
        {
            try
            {
                var latest = await network.GetLastBlockAsync(Roster.Create([conode]), chainId);
                if (SkipBlockHashing.SkipChainId(latest).AsSpan().SequenceEqual(chainId))
                {
                    return latest;
                }
            }
            catch (Exception e) when (e is SkipchainException or ArgumentException)
            {
                // This conode does not know the chain (or cannot be asked); try the next one.
            }
        }
        return null;
    }

    private static bool SameKey(IKyberMarshaler point, byte[] key) => point.MarshalBinary().AsSpan().SequenceEqual(key);
}
