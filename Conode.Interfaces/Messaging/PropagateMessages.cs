using Conode.Protobuf;

namespace Conode.Messaging;

/// <summary>
/// <c>messaging.PropagateSendData</c> (cothority messaging/propagate.go; cothority-services.md §6.9.4): the payload a
/// propagation root sends to itself and to each child.
/// </summary>
[DedisMessage("messaging.PropagateSendData")]
public sealed class PropagateSendData
{
    /// <summary>network.Marshal of the service payload (e.g. skipchain.PropagateGenesis).</summary>
    [ProtoField(1)] public byte[] Data { get; set; } = [];

    /// <summary>How long the root waits for the children (Go time.Duration, nanoseconds on the wire).</summary>
    [ProtoField(2)] public TimeSpan Timeout { get; set; }
}

/// <summary><c>messaging.PropagateReply</c>: a child's acknowledgement; Go always sends Level 0.</summary>
[DedisMessage("messaging.PropagateReply")]
public sealed class PropagateReply
{
    [ProtoField(1)] public int Level { get; set; }
}
