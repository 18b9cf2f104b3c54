using Orleans.Concurrency;

namespace Conode.Services.Skipchain;

// The Skipchain service's durable state (cothority-services.md §6). Blocks cross grain boundaries as their dedis
// protobuf encoding (kyber points are not Orleans-serializable). Grain keys are lowercase hex hashes.

/// <summary>The key of a block's or chain's grain (<see cref="ISkipBlockGrain"/>, <see cref="ISkipchainGrain"/>).</summary>
public static class SkipchainGrainKey
{
    /// <summary>The hash (block ID, or genesis ID for a chain) in lowercase hex.</summary>
    public static string Of(byte[] hash) => Convert.ToHexStringLower(hash);
}

/// <summary>
/// One stored block with its forward links (Go's bucket entry). Only adds: a block never changes once stored except
/// that verified links fill its empty link slots.
/// </summary>
public interface ISkipBlockGrain : IGrainWithStringKey
{
    /// <summary>The encoded <see cref="SkipBlock"/>, or null when this node does not store it.</summary>
    Task<byte[]?> Get();

    /// <summary>
    /// Stores the block (the caller checked it, §6.7); false when it was already stored, which is left as is. With
    /// <paramref name="syncedByNextWrite"/> the call returns without waiting for the disk: the caller's next durable
    /// write to the store makes this one durable too (the store writes in order), or else <see cref="Persist"/> does.
    /// </summary>
    Task<bool> Create(byte[] block, bool syncedByNextWrite = false);

    /// <summary>Writes the stored block again and waits for the disk.</summary>
    Task Persist();

    /// <summary>
    /// Puts checked links into empty slots (placeholders fill lower gaps); a link for a taken slot, a level at or above
    /// the block's height or from another block is ignored. Returns the levels that were added.
    /// </summary>
    Task<int[]> AddForwardLinks(LevelLink[] links);

    /// <summary>Keeps only the first <paramref name="count"/> links (Go drops links to blocks it cannot find).</summary>
    Task TruncateForwardLinks(int count);
}

/// <summary>An encoded <see cref="ForwardLink"/> and the level it goes to.</summary>
[GenerateSerializer, Immutable]
public sealed record LevelLink([property: Id(0)] int Level, [property: Id(1)] byte[] Link);

/// <summary>
/// One chain as this node knows it (key: hex genesis hash): which block sits at which index and the latest one, the
/// block proposed in the running level-0 round and the link hashes this node verified in prepare rounds. Only the
/// index is durable, and it can always be rebuilt from the blocks' forward links; turns are short and never wait on
/// the network, so the collective-signing checks can always reach it.
/// </summary>
public interface ISkipchainGrain : IGrainWithStringKey
{
    /// <summary>The latest block stored here, or null when the genesis is not.</summary>
    Task<ChainPosition?> GetLatest();

    /// <summary>Every indexed block of the chain, by index.</summary>
    Task<ChainPosition[]> GetBlocks();

    /// <summary>Records blocks of this chain that were just stored.</summary>
    Task RecordBlocks(ChainPosition[] blocks);

    /// <summary>Keeps the block a level-0 prepare round accepted (one per chain, Go's blockBuffer) until it is stored.</summary>
    Task BufferProposal(byte[] block, byte[] hash);

    /// <summary>The buffered proposal when its hash is <paramref name="hash"/>.</summary>
    Task<byte[]?> GetProposal(byte[] hash);

    /// <summary>Forgets the buffered proposal if it is the block <paramref name="hash"/>.</summary>
    Task ClearProposal(byte[] hash);

    /// <summary>Remembers that this node verified <paramref name="message"/> in a prepare round of <paramref name="round"/>.</summary>
    Task RememberVerified(LinkRound round, byte[] message);

    /// <summary>Whether <paramref name="message"/> was verified in a prepare round (then forgotten): the commit check.</summary>
    Task<bool> TakeVerified(LinkRound round, byte[] message);
}

/// <summary>Which collective-signing family a verified message belongs to.</summary>
[GenerateSerializer]
public enum LinkRound
{
    /// <summary>SkipchainBDNNew / SkipchainBFTNew: the level-0 link to a new block.</summary>
    NewBlock,

    /// <summary>SkipchainBDNFollow / SkipchainBFTFollow: a higher-level link.</summary>
    FollowBlock,
}

/// <summary>A block's place in its chain.</summary>
[GenerateSerializer, Immutable]
public sealed record ChainPosition([property: Id(0)] int Index, [property: Id(1)] string Hash);

/// <summary>
/// Serialises the appends to one chain (key: hex chain ID): StoreSkipBlock's append (§6.6 step 4) runs on this grain's
/// turn, so two appends never race for the same index. Nothing calls it back while an append runs: the checks of the
/// collective signing use <see cref="ISkipchainGrain"/>, never this grain.
/// </summary>
public interface ISkipchainAppendGrain : IGrainWithStringKey
{
    /// <summary>
    /// Appends <paramref name="proposal"/> (an encoded block as the client sent it) to the chain. Its timeout covers a
    /// sync, roster acceptance, both signing rounds (up to 2×15 s) and the propagation.
    /// </summary>
    [ResponseTimeout("00:02:00")]
    Task<AppendOutcome> Append(byte[] proposal);
}

/// <summary>The stored previous block (with its new level-0 link) and the new block, or Go's error text.</summary>
[GenerateSerializer, Immutable]
public sealed record AppendOutcome(
    [property: Id(0)] byte[]? Previous,
    [property: Id(1)] byte[]? Latest,
    [property: Id(2)] string? Error)
{
    public static AppendOutcome Failed(string error) => new(null, null, error);
}

/// <summary>
/// The node-wide part of the service (key: the node's ServerIdentity ID): the IDs of the chains stored here
/// (GetAllSkipChainIDs) and Go's <see cref="SkipchainStorage"/> (follow lists, linked clients).
/// </summary>
public interface ISkipchainNodeGrain : IGrainWithStringKey
{
    /// <summary>Hex IDs of every chain whose genesis is stored here.</summary>
    Task<string[]> GetChainIds();

    /// <summary>Adds a chain ID; written only when it is new.</summary>
    Task AddChain(string chainId);

    /// <summary>The encoded <see cref="SkipchainStorage"/> and its version.</summary>
    Task<VersionedStorage> GetStorage();

    /// <summary>Replaces the storage if it is still at <paramref name="expectedVersion"/>; false when someone changed it first.</summary>
    Task<bool> ReplaceStorage(long expectedVersion, byte[] storage);
}

/// <summary>An encoded <see cref="SkipchainStorage"/> (empty = nothing saved yet) and its version.</summary>
[GenerateSerializer, Immutable]
public sealed record VersionedStorage([property: Id(0)] long Version, [property: Id(1)] byte[] Storage);
