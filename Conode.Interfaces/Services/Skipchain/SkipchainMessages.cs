using Conode.Network;
using Conode.Protobuf;

namespace Conode.Services.Skipchain;

// Client requests and replies of the Skipchain service (cothority-services.md §6.5), websocket paths
// /Skipchain/<class name>. Field numbers and optionality follow the Go structs (skipchain/msgs.go); Go pointers are
// Optional, everything else is always emitted (the JS client marks those fields required).

/// <summary>Creates a chain (empty <see cref="TargetSkipChainId"/>) or appends <see cref="NewBlock"/> to one (§6.6).</summary>
[DedisMessage("skipchain.StoreSkipBlock")]
public sealed class StoreSkipBlock
{
    /// <summary>Any block of the chain to append to; empty to create a chain.</summary>
    [ProtoField(1)] public byte[] TargetSkipChainId { get; set; } = [];

    [ProtoField(2, Optional = true)] public SkipBlock? NewBlock { get; set; }

    /// <summary>Schnorr signature over the hash of <see cref="NewBlock"/> as sent; needed once clients are linked.</summary>
    [ProtoField(3, Optional = true)] public byte[]? Signature { get; set; }
}

/// <summary>The stored block and, when appending, the previous block with its new level-0 link.</summary>
[DedisMessage("skipchain.StoreSkipBlockReply")]
public sealed class StoreSkipBlockReply
{
    [ProtoField(1, Optional = true)] public SkipBlock? Previous { get; set; }

    [ProtoField(2, Optional = true)] public SkipBlock? Latest { get; set; }
}

/// <summary>The blocks from <see cref="LatestId"/> to the latest one, along the highest links (§6.5.1).</summary>
[DedisMessage("skipchain.GetUpdateChain")]
public sealed class GetUpdateChain
{
    [ProtoField(1)] public byte[] LatestId { get; set; } = [];

    /// <summary>Highest link level + 1 to follow; ≤ 0 = the first block's MaximumHeight.</summary>
    [ProtoField(2)] public int MaxHeight { get; set; }

    /// <summary>Most blocks to return; ≤ 0 = no limit.</summary>
    [ProtoField(3)] public int MaxBlocks { get; set; }
}

[DedisMessage("skipchain.GetUpdateChainReply")]
public sealed class GetUpdateChainReply
{
    [ProtoField(1)] public List<SkipBlock> Update { get; set; } = [];
}

/// <summary>One stored block by hash; the reply is a bare <see cref="SkipBlock"/>.</summary>
[DedisMessage("skipchain.GetSingleBlock")]
public sealed class GetSingleBlock
{
    [ProtoField(1)] public byte[] Id { get; set; } = [];
}

/// <summary>The block at <see cref="Index"/> of the chain <see cref="Genesis"/> (−1 = the latest), §6.5.2.</summary>
[DedisMessage("skipchain.GetSingleBlockByIndex")]
public sealed class GetSingleBlockByIndex
{
    [ProtoField(1)] public byte[] Genesis { get; set; } = [];

    [ProtoField(2)] public int Index { get; set; }
}

/// <summary>
/// The block and the forward links proving it: Links[0] is a pseudo-link to the genesis carrying its roster, each
/// further element the link used for one hop.
/// </summary>
[DedisMessage("skipchain.GetSingleBlockByIndexReply")]
public sealed class GetSingleBlockByIndexReply
{
    [ProtoField(1, Optional = true)] public SkipBlock? SkipBlock { get; set; }

    [ProtoField(2)] public List<ForwardLink> Links { get; set; } = [];
}

/// <summary>Empty request (0-byte websocket message): the IDs of every chain stored here.</summary>
[DedisMessage("skipchain.GetAllSkipChainIDs")]
public sealed class GetAllSkipChainIDs;

[DedisMessage("skipchain.GetAllSkipChainIDsReply")]
public sealed class GetAllSkipChainIDsReply
{
    /// <summary>Go <c>IDs</c>, JS <c>skipChainIDs</c>; unordered.</summary>
    [ProtoField(1)] public List<byte[]> Ids { get; set; } = [];
}

/// <summary>Deprecated empty request whose reply holds every stored block, not only genesis blocks.</summary>
[DedisMessage("skipchain.GetAllSkipchains")]
public sealed class GetAllSkipchains;

[DedisMessage("skipchain.GetAllSkipchainsReply")]
public sealed class GetAllSkipchainsReply
{
    [ProtoField(1)] public List<SkipBlock> SkipChains { get; set; } = [];
}

/// <summary>Asks for missing higher-level links of a chain (genesis ID) or of one block (§6.5.3); path <c>OptimizeProof</c>.</summary>
[DedisMessage("skipchain.OptimizeProofRequest")]
public sealed class OptimizeProofRequest
{
    [ProtoField(1)] public byte[] Id { get; set; } = [];

    /// <summary>Deprecated and ignored.</summary>
    [ProtoField(2, Optional = true)] public Roster? Roster { get; set; }
}

[DedisMessage("skipchain.OptimizeProofReply")]
public sealed class OptimizeProofReply
{
    [ProtoField(1)] public List<SkipBlock> Proof { get; set; } = [];
}

/// <summary>Links a client key (tagged Ed25519 point), signed by this conode's own key over the point's bytes.</summary>
[DedisMessage("skipchain.CreateLinkPrivate")]
public sealed class CreateLinkPrivate
{
    [ProtoField(1)] public IKyberMarshaler? Public { get; set; }

    [ProtoField(2)] public byte[] Signature { get; set; } = [];
}

/// <summary>Removes a linked client; signed by that client over <c>"unlink:"</c> ‖ its point's bytes.</summary>
[DedisMessage("skipchain.Unlink")]
public sealed class Unlink
{
    [ProtoField(1)] public IKyberMarshaler? Public { get; set; }

    [ProtoField(2)] public byte[] Signature { get; set; } = [];
}

/// <summary>Empty request: the linked client keys.</summary>
[DedisMessage("skipchain.Listlink")]
public sealed class Listlink;

[DedisMessage("skipchain.ListlinkReply")]
public sealed class ListlinkReply
{
    /// <summary>Empty = the conode is not secured.</summary>
    [ProtoField(1)] public List<IKyberMarshaler> Publics { get; set; } = [];
}

/// <summary>How <see cref="AddFollow"/> finds the chain to follow (Go FollowType).</summary>
public enum FollowType
{
    /// <summary>Only remember the ID: blocks of that chain are accepted.</summary>
    FollowId = 0,

    /// <summary>Ask every known conode for the chain's latest block.</summary>
    FollowSearch = 1,

    /// <summary>Ask <see cref="AddFollow.Conode"/> for it.</summary>
    FollowLookup = 2,
}

/// <summary>Which new chains members of a followed chain may create here (Go PolicyNewChain).</summary>
public enum NewChainPolicy
{
    NewChainNone = 0,

    /// <summary>Every member of the new roster other than this conode is in the followed roster.</summary>
    NewChainStrictNodes = 1,

    /// <summary>Some member of the new roster other than this conode is in the followed roster.</summary>
    NewChainAnyNode = 2,
}

/// <summary>
/// Follows a chain (§6.10). Signed message: SkipchainId ‖ byte(Follow) ‖ Conode.Id if present, by a linked client.
/// <see cref="Follow"/> and <see cref="NewChain"/> hold <see cref="FollowType"/> and <see cref="NewChainPolicy"/>
/// values as sent (any int).
/// </summary>
[DedisMessage("skipchain.AddFollow")]
public sealed class AddFollow
{
    [ProtoField(1)] public byte[] SkipchainId { get; set; } = [];

    [ProtoField(2)] public int Follow { get; set; }

    [ProtoField(3)] public int NewChain { get; set; }

    [ProtoField(4, Optional = true)] public ServerIdentity? Conode { get; set; }

    [ProtoField(5)] public byte[] Signature { get; set; } = [];
}

/// <summary>Stops following a chain; signed message <c>"delfollow:"</c> ‖ SkipchainId.</summary>
[DedisMessage("skipchain.DelFollow")]
public sealed class DelFollow
{
    [ProtoField(1)] public byte[] SkipchainId { get; set; } = [];

    [ProtoField(2)] public byte[] Signature { get; set; } = [];
}

/// <summary>Lists the follow lists; signed message <c>"listfollow:"</c> ‖ this conode's Ed25519 public key.</summary>
[DedisMessage("skipchain.ListFollow")]
public sealed class ListFollow
{
    [ProtoField(1)] public byte[] Signature { get; set; } = [];
}

/// <summary>Go holds both as pointers to slices; an empty list encodes as an absent field either way.</summary>
[DedisMessage("skipchain.ListFollowReply")]
public sealed class ListFollowReply
{
    [ProtoField(1)] public List<FollowChainType> Follow { get; set; } = [];

    [ProtoField(2)] public List<byte[]> FollowIds { get; set; } = [];
}

/// <summary>A followed chain: its latest known block and the <see cref="NewChainPolicy"/> (as sent) for new chains.</summary>
[DedisMessage("skipchain.FollowChainType")]
public sealed class FollowChainType
{
    [ProtoField(1, Optional = true)] public SkipBlock? Block { get; set; }

    [ProtoField(2)] public int NewChain { get; set; }
}

/// <summary>Reply of the requests that only report errors.</summary>
[DedisMessage("skipchain.EmptyReply")]
public sealed class EmptyReply;

/// <summary>Registered by Go but handled by nobody.</summary>
[DedisMessage("skipchain.SettingAuthentication")]
public sealed class SettingAuthentication
{
    [ProtoField(1)] public int Authentication { get; set; }

    [ProtoField(2)] public byte[] Signature { get; set; } = [];
}
