using Conode.Protobuf;

namespace Conode.Cosi;

// The blscosi sub-protocol messages (cothority blscosi/protocol, Go package "protocol"; cothority-services.md §7.4).
// BLS and BDN rounds exchange the same messages; only the aggregation differs.

/// <summary>What to sign: sent leader → subleader (no nonce) and subleader → leaves (with its nonce).</summary>
[DedisMessage("protocol.Announcement")]
public sealed class Announcement
{
    /// <summary>The statement signed: the 32-byte forward-link hash.</summary>
    [ProtoField(1)] public byte[] Msg { get; set; } = [];

    /// <summary>Given to the check functions: network.Marshal(ForwardSignature) for skipchain rounds.</summary>
    [ProtoField(2)] public byte[] Data { get; set; } = [];

    /// <summary>8 random bytes drawn by the subleader; a refusing leaf signs them.</summary>
    [ProtoField(3)] public byte[] Nonce { get; set; } = [];

    /// <summary>Go time.Duration (nanoseconds on the wire).</summary>
    [ProtoField(4)] public TimeSpan Timeout { get; set; }

    [ProtoField(5)] public int Threshold { get; set; }
}

/// <summary>A (partial) signature: 64-byte G1 point and the participation mask of the signers it covers.</summary>
[DedisMessage("protocol.Response")]
public sealed class Response
{
    [ProtoField(1)] public byte[] Signature { get; set; } = [];

    [ProtoField(2)] public byte[] Mask { get; set; } = [];
}

/// <summary>A leaf's signed refusal: its BLS signature over the announcement's nonce.</summary>
[DedisMessage("protocol.Refusal")]
public sealed class Refusal
{
    [ProtoField(1)] public byte[] Signature { get; set; } = [];
}

/// <summary>The leader tells a subtree to stop.</summary>
[DedisMessage("protocol.Stop")]
public sealed class Stop;
