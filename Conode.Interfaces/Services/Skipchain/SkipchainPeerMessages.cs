using Conode.Network;
using Conode.Protobuf;

namespace Conode.Services.Skipchain;

// Messages between conodes (cothority-services.md §6.8–§6.10) and the service's stored configuration. They travel
// as network.Marshal (16-byte type ID ‖ protobuf), raw or inside protocol messages.

/// <summary>
/// Asks the roster of block Newest.BackLinkIds[TargetHeight] for a forward link of that level to
/// <see cref="Newest"/> (§6.9.2). Sent raw between conodes or as the websocket request <c>ForwardSignature</c>; its
/// network.Marshal is also the <c>Data</c> the cosigners' check functions receive (with <see cref="Links"/> proving
/// Newest, empty at level 0).
/// </summary>
[DedisMessage("skipchain.ForwardSignature")]
public sealed class ForwardSignature
{
    [ProtoField(1)] public int TargetHeight { get; set; }

    /// <summary>Hash of the block the new link leaves from.</summary>
    [ProtoField(2)] public byte[] Previous { get; set; } = [];

    [ProtoField(3, Optional = true)] public SkipBlock? Newest { get; set; }

    [ProtoField(4)] public List<ForwardLink> Links { get; set; } = [];
}

[DedisMessage("skipchain.ForwardSignatureReply")]
public sealed class ForwardSignatureReply
{
    [ProtoField(1, Optional = true)] public ForwardLink? Link { get; set; }
}

/// <summary>Payload of <c>SkipchainPropagate</c>: a new chain's genesis block.</summary>
[DedisMessage("skipchain.PropagateGenesis")]
public sealed class PropagateGenesis
{
    [ProtoField(1, Optional = true)] public SkipBlock? Genesis { get; set; }
}

/// <summary>Payload of <c>SkipchainPropagateFL</c>: a new link to insert at level <see cref="Height"/> of its From block.</summary>
[DedisMessage("skipchain.PropagateForwardLink")]
public sealed class PropagateForwardLink
{
    [ProtoField(1, Optional = true)] public ForwardLink? ForwardLink { get; set; }

    [ProtoField(2)] public int Height { get; set; }
}

/// <summary>Payload of <c>SkipchainPropagateProof</c>: the shortest proof genesis → latest, for new roster members.</summary>
[DedisMessage("skipchain.PropagateProof")]
public sealed class PropagateProof
{
    [ProtoField(1)] public List<SkipBlock> Proof { get; set; } = [];
}

/// <summary><c>scExtendRoster</c> request (§6.9.3): would the receiver accept to be in <see cref="Block"/>'s roster?</summary>
[DedisMessage("skipchain.ProtoExtendRoster")]
public sealed class ProtoExtendRoster
{
    /// <summary>A Go struct value, so always encoded.</summary>
    [ProtoField(1)] public SkipBlock Block { get; set; } = new();
}

/// <summary>
/// <c>scExtendRoster</c> answer: on acceptance a Schnorr signature by the receiver's Ed25519 identity key over the
/// block's SkipChainID; absent on refusal.
/// </summary>
[DedisMessage("skipchain.ProtoExtendRosterReply")]
public sealed class ProtoExtendRosterReply
{
    [ProtoField(1, Optional = true)] public byte[]? Signature { get; set; }
}

/// <summary>The <c>scExtendRoster</c> root's record of one acceptance (registered by Go, never sent).</summary>
[DedisMessage("skipchain.ProtoExtendSignature")]
public sealed class ProtoExtendSignature
{
    /// <summary>Go <c>SI</c>: the signer's ServerIdentity ID.</summary>
    [ProtoField(1)] public Uuid ServerIdentityId { get; set; }

    [ProtoField(2)] public byte[] Signature { get; set; } = [];
}

/// <summary><c>scGetBlocks</c> request (§6.8): up to <see cref="Count"/> blocks from <see cref="SbId"/> onwards.</summary>
[DedisMessage("skipchain.ProtoGetBlocks")]
public sealed class ProtoGetBlocks
{
    /// <summary>Go <c>SBID</c>: hash of the first block wanted.</summary>
    [ProtoField(1)] public byte[] SbId { get; set; } = [];

    [ProtoField(2)] public int Count { get; set; }

    /// <summary>Follow each block's highest forward link rather than level 0.</summary>
    [ProtoField(3)] public bool Skipping { get; set; }
}

/// <summary><c>scGetBlocks</c> answer, sent even when empty.</summary>
[DedisMessage("skipchain.ProtoGetBlocksReply")]
public sealed class ProtoGetBlocksReply
{
    [ProtoField(1)] public List<SkipBlock> SkipBlocks { get; set; } = [];
}

/// <summary>
/// Go's <c>skipchain.Storage</c>, the service's saved configuration (DB key <c>skipchainconfig</c>, §6.10). All
/// empty on a fresh conode, which then accepts every chain.
/// </summary>
[DedisMessage("skipchain.Storage")]
public sealed class SkipchainStorage
{
    /// <summary>Followed chains whose members may create blocks or new chains here.</summary>
    [ProtoField(1)] public List<FollowChainType> Follow { get; set; } = [];

    /// <summary>Chains whose blocks this conode signs and stores.</summary>
    [ProtoField(2)] public List<byte[]> FollowIds { get; set; } = [];

    /// <summary>Linked client keys (tagged Ed25519 points); once non-empty they gate StoreSkipBlock.</summary>
    [ProtoField(3)] public List<IKyberMarshaler> Clients { get; set; } = [];
}

/// <summary>Every Skipchain message class, for <see cref="MessageRegistry"/> (Go registers them at start).</summary>
public static class SkipchainMessageTypes
{
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(SkipBlock), typeof(ForwardLink), typeof(SkipchainStorage),
        typeof(StoreSkipBlock), typeof(StoreSkipBlockReply), typeof(GetUpdateChain), typeof(GetUpdateChainReply),
        typeof(GetSingleBlock), typeof(GetSingleBlockByIndex), typeof(GetSingleBlockByIndexReply),
        typeof(GetAllSkipChainIDs), typeof(GetAllSkipChainIDsReply), typeof(GetAllSkipchains), typeof(GetAllSkipchainsReply),
        typeof(OptimizeProofRequest), typeof(OptimizeProofReply), typeof(ForwardSignature), typeof(ForwardSignatureReply),
        typeof(CreateLinkPrivate), typeof(Unlink), typeof(Listlink), typeof(ListlinkReply),
        typeof(AddFollow), typeof(DelFollow), typeof(ListFollow), typeof(ListFollowReply), typeof(EmptyReply),
        typeof(SettingAuthentication),
        typeof(PropagateGenesis), typeof(PropagateForwardLink), typeof(PropagateProof),
        typeof(ProtoExtendRoster), typeof(ProtoExtendRosterReply), typeof(ProtoExtendSignature),
        typeof(ProtoGetBlocks), typeof(ProtoGetBlocksReply),
    ];
}
