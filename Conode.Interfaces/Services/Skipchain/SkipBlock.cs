using Conode.Network;
using Conode.Protobuf;

namespace Conode.Services.Skipchain;

/// <summary>
/// <c>skipchain.SkipBlock</c> (cothority-services.md §6.1). Go's SkipBlock embeds *SkipBlockFix, whose nine fields
/// come first (1–9); 10–13 are SkipBlock's own. Go emits every non-pointer field, and the JS client requires them,
/// so all but the roster are always encoded. <see cref="Hash"/> covers fields 1–9 and the scheme (§6.2), never
/// <see cref="ForwardLinks"/> or <see cref="Payload"/>.
/// </summary>
[DedisMessage("skipchain.SkipBlock")]
public sealed class SkipBlock
{
    /// <summary>Position in the chain; the genesis block is 0.</summary>
    [ProtoField(1)] public int Index { get; set; }

    /// <summary>Number of link levels of this block, 1 … <see cref="MaximumHeight"/>.</summary>
    [ProtoField(2)] public int Height { get; set; }

    /// <summary>Cap on <see cref="Height"/>, fixed by the genesis block.</summary>
    [ProtoField(3)] public int MaximumHeight { get; set; }

    /// <summary>Skip factor: the level-h link jumps BaseHeight^h blocks. 1 = plain chain.</summary>
    [ProtoField(4)] public int BaseHeight { get; set; }

    /// <summary>
    /// [h] = hash of the latest earlier block whose Height &gt; h ([0] = the previous block). A genesis block has one
    /// random 32-byte value here, which makes identical genesis blocks distinct.
    /// </summary>
    [ProtoField(5)] public List<byte[]> BackLinkIds { get; set; } = [];

    /// <summary>Verification functions every cosigner runs (Go VerifierIDs, 16-byte UUIDs); empty = none.</summary>
    [ProtoField(6)] public List<Uuid> VerifierIds { get; set; } = [];

    /// <summary>Hash of the chain's genesis block; empty in the genesis block itself.</summary>
    [ProtoField(7)] public byte[] GenesisId { get; set; } = [];

    [ProtoField(8)] public byte[] Data { get; set; } = [];

    /// <summary>The roster in charge of this block: it signs the forward links leaving it.</summary>
    [ProtoField(9, Optional = true)] public Roster? Roster { get; set; }

    /// <summary>SHA-256 over the hashed fields (<see cref="SkipBlockHashing.ComputeHash"/>).</summary>
    [ProtoField(10)] public byte[] Hash { get; set; } = [];

    /// <summary>
    /// Go's <c>ForwardLink</c>: [h] = the link at level h. A link with empty From or To is a placeholder that keeps
    /// higher levels at their index (<see cref="ForwardLink.IsEmpty"/>).
    /// </summary>
    [ProtoField(11)] public List<ForwardLink> ForwardLinks { get; set; } = [];

    /// <summary>Extra data not covered by the hash (applications put its digest into <see cref="Data"/>).</summary>
    [ProtoField(12)] public byte[] Payload { get; set; } = [];

    /// <summary>0 = BLS (legacy), 1 = BDN; new chains always get 1 (<see cref="Crypto.Bls.SignatureScheme"/>).</summary>
    [ProtoField(13)] public uint SignatureScheme { get; set; }
}

/// <summary>
/// <c>skipchain.ForwardLink</c> (§6.1, §6.3): a collectively signed jump from an older block to a newer one, signed by
/// the older block's roster. <see cref="NewRoster"/> is present exactly when the two blocks' roster IDs differ.
/// </summary>
[DedisMessage("skipchain.ForwardLink")]
public sealed class ForwardLink
{
    /// <summary>Hash of the older block.</summary>
    [ProtoField(1)] public byte[] From { get; set; } = [];

    /// <summary>Hash of the newer block.</summary>
    [ProtoField(2)] public byte[] To { get; set; } = [];

    /// <summary>The newer block's roster when it differs; its ID, as carried, is part of the signed hash.</summary>
    [ProtoField(3, Optional = true)] public Roster? NewRoster { get; set; }

    [ProtoField(4)] public ByzcoinSignature Signature { get; set; } = new();

    /// <summary>Go's IsEmpty: a placeholder keeping a higher-level link at its position, not a real link.</summary>
    public bool IsEmpty => From.Length == 0 || To.Length == 0;
}

/// <summary>
/// Go's <c>byzcoinx.FinalSignature</c> (JS <c>ByzcoinSig</c>): <see cref="Msg"/> = the signed link hash,
/// <see cref="Sig"/> = 64-byte G1 aggregate ‖ participation mask over the signing roster (§7.5).
/// </summary>
[DedisMessage("byzcoinx.FinalSignature")]
public sealed class ByzcoinSignature
{
    [ProtoField(1)] public byte[] Msg { get; set; } = [];

    [ProtoField(2)] public byte[] Sig { get; set; } = [];
}
