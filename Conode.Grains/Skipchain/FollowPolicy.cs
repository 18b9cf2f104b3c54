using Conode.Network;
using Conode.Protobuf;
using Conode.Services.Skipchain;

namespace Conode.Grains.Skipchain;

/// <summary>
/// Which chains and blocks this node takes part in (§6.10, Go's ChainIsFriendly, BlockIsFriendly, AcceptNew and the
/// scExtendRoster decision), from the saved <see cref="SkipchainStorage"/>. A fresh node follows nothing and accepts
/// everything.
/// </summary>
public sealed class FollowPolicy(SkipBlockStore store, ILocalNode node)
{
    /// <summary>The saved storage with its version (for a later replace), an empty one on a fresh node.</summary>
    public async Task<(SkipchainStorage Storage, long Version)> LoadAsync()
    {
        var saved = await store.Node.GetStorage();
        return (saved.Storage.Length == 0 ? new SkipchainStorage() : DedisProtobuf.Decode<SkipchainStorage>(saved.Storage), saved.Version);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the saved storage and saves it, starting over when another request saved
    /// first. A <see cref="SkipchainException"/> from the change leaves the storage as it was.
    /// </summary>
    public async Task UpdateAsync(Action<SkipchainStorage> change)
    {
        const int attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            var (storage, version) = await LoadAsync();
            change(storage);
            if (await store.Node.ReplaceStorage(version, DedisProtobuf.Encode(storage)))
            {
                return;
            }
            if (attempt == attempts)
            {
                throw new SkipchainException("the skipchain configuration keeps changing; try again");
            }
        }
    }

    /// <summary>Go's ChainIsFriendly: nothing followed, or the chain is stored here, or it is followed by ID.</summary>
    public async Task<bool> ChainIsFriendlyAsync(SkipchainStorage storage, byte[] chainId) =>
        storage.FollowIds.Count == 0 || await store.GetAsync(chainId) is not null || storage.FollowIds.Any(id => id.AsSpan().SequenceEqual(chainId));

    /// <summary>
    /// Go's BlockIsFriendly: the chain is friendly, or this node leads the block, or nothing is followed by policy, or
    /// a followed chain's policy admits the block's roster. (Go first asks the followed chain's leader for a newer
    /// block with scGetBlocks of count 1, which always answers the block it already has: we skip that round trip.)
    /// </summary>
    public async Task<bool> BlockIsFriendlyAsync(SkipBlock block)
    {
        var (storage, _) = await LoadAsync();
        return await ChainIsFriendlyAsync(storage, SkipBlockHashing.SkipChainId(block)) || node.IndexIn(block.Roster) == 0 ||
            storage.Follow.Count == 0 || storage.Follow.Any(followed => AcceptsNew(followed, block));
    }

    /// <summary>The scExtendRoster decision (§6.9.3): may this node join <paramref name="block"/>'s roster?</summary>
    public async Task<bool> AcceptsRosterAsync(SkipBlock block)
    {
        var (storage, _) = await LoadAsync();
        var chainId = SkipBlockHashing.SkipChainId(block);
        if (storage.FollowIds.Any(id => id.AsSpan().SequenceEqual(chainId)))
        {
            return true;
        }
        if (storage.Follow.Count == 0)
        {
            return storage.FollowIds.Count == 0;
        }
        return storage.Follow.Any(followed =>
            followed.Block is not null && SkipBlockHashing.SkipChainId(followed.Block).AsSpan().SequenceEqual(chainId) ||
            AcceptsNew(followed, block));
    }

    /// <summary>Go's AcceptNew: does the followed chain's policy admit the roster of <paramref name="block"/>?</summary>
    private bool AcceptsNew(FollowChainType followed, SkipBlock block)
    {
        var others = (block.Roster?.List ?? []).Where(member => !member.HasSameKeyAs(node.ServerIdentity)).ToList();
        var followedRoster = followed.Block?.Roster?.List ?? [];
        bool Followed(Network.ServerIdentity member) => followedRoster.Any(f => f.HasSameKeyAs(member));
        return (NewChainPolicy)followed.NewChain switch
        {
            NewChainPolicy.NewChainAnyNode => others.Any(Followed),
            NewChainPolicy.NewChainStrictNodes => others.All(Followed),
            _ => false,
        };
    }
}
