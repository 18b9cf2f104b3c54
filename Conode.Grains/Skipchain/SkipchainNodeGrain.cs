using Conode.Services.Skipchain;

namespace Conode.Grains.Skipchain;

/// <summary>Durable list of the chains a node stores; its JSON form is an on-disk format.</summary>
public sealed class SkipchainListState
{
    /// <summary>Hex genesis hashes.</summary>
    public HashSet<string> Chains { get; set; } = [];
}

/// <summary>Durable <see cref="SkipchainStorage"/> (Go's <c>skipchainconfig</c> DB value); its JSON form is an on-disk format.</summary>
public sealed class SkipchainStorageState
{
    /// <summary>The encoded <see cref="SkipchainStorage"/>; empty on a fresh node, which then accepts every chain.</summary>
    public byte[] Storage { get; set; } = [];

    public long Version { get; set; }
}

/// <summary>The node-wide part of the Skipchain service: the list of stored chains and the follow/link configuration.</summary>
[GrainType("conode.skipchain-node")]
public sealed class SkipchainNodeGrain(
    [PersistentState("chains", StorageNames.Default)] IPersistentState<SkipchainListState> chains,
    [PersistentState("storage", StorageNames.Default)] IPersistentState<SkipchainStorageState> storage)
    : Grain, ISkipchainNodeGrain
{
    public Task<string[]> GetChainIds() => Task.FromResult(chains.State.Chains.ToArray());

    public async Task AddChain(string chainId)
    {
        if (chains.State.Chains.Add(chainId))
        {
            await chains.WriteStateAsync();
        }
    }

    public Task<VersionedStorage> GetStorage() =>
        Task.FromResult(new VersionedStorage(storage.State.Version, storage.State.Storage));

    public async Task<bool> ReplaceStorage(long expectedVersion, byte[] encoded)
    {
        if (storage.State.Version != expectedVersion)
        {
            return false;
        }
        storage.State.Storage = encoded;
        storage.State.Version++;
        await storage.WriteStateAsync();
        return true;
    }
}
