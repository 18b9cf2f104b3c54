using Conode.Protobuf;

namespace Conode.Network;

/// <summary>
/// <c>onet.Token</c>: identifies one tree node of one protocol instance (onet-wire.md §5.2). All six IDs are always
/// written (nil → 16 zero bytes).
/// </summary>
[DedisMessage("onet.Token")]
public sealed class Token
{
    [ProtoField(1)] public Uuid RosterId { get; set; }
    [ProtoField(2)] public Uuid TreeId { get; set; }
    [ProtoField(3)] public Uuid ProtoId { get; set; }

    /// <summary>Nil when the protocol was started by onet directly rather than by a service.</summary>
    [ProtoField(4)] public Uuid ServiceId { get; set; }

    [ProtoField(5)] public Uuid RoundId { get; set; }
    [ProtoField(6)] public Uuid TreeNodeId { get; set; }

    /// <summary>This token addressed to another node of the same instance.</summary>
    public Token WithTreeNode(Uuid treeNodeId) => new()
    {
        RosterId = RosterId, TreeId = TreeId, ProtoId = ProtoId, ServiceId = ServiceId, RoundId = RoundId,
        TreeNodeId = treeNodeId,
    };
}

/// <summary>
/// <c>onet.ProtocolMsg</c>, the envelope of protocol messages (onet-wire.md §5.3). Go's field 5 (<c>Msg</c>, an
/// undecodable interface) is never sent and has no property; received, it is skipped as an unknown field.
/// </summary>
[DedisMessage("onet.ProtocolMsg")]
public sealed class ProtocolMsg
{
    [ProtoField(1, Optional = true)] public Token? From { get; set; }
    [ProtoField(2, Optional = true)] public Token? To { get; set; }

    /// <summary>Never sent by Go; the receiver fills it from the connection.</summary>
    [ProtoField(3, Optional = true)] public ServerIdentity? ServerIdentity { get; set; }

    [ProtoField(4)] public Uuid MsgType { get; set; }

    /// <summary>network.Marshal of the inner message (type ID ‖ body).</summary>
    [ProtoField(6)] public byte[] MsgSlice { get; set; } = [];

    /// <summary>Always 0 on send.</summary>
    [ProtoField(7)] public uint Size { get; set; }

    [ProtoField(8, Optional = true)] public GenericConfig? Config { get; set; }
}

/// <summary><c>onet.RequestTree</c>: sent bare to the sender of a message for an unknown tree. Send Version 1.</summary>
[DedisMessage("onet.RequestTree")]
public sealed class RequestTree
{
    [ProtoField(1)] public Uuid TreeId { get; set; }
    [ProtoField(2)] public uint Version { get; set; }
}

/// <summary><c>onet.ResponseTree</c>: the answer to a Version-1 RequestTree.</summary>
[DedisMessage("onet.ResponseTree")]
public sealed class ResponseTree
{
    [ProtoField(1, Optional = true)] public TreeMarshal? TreeMarshal { get; set; }
    [ProtoField(2, Optional = true)] public Roster? Roster { get; set; }
}

/// <summary>
/// <c>onet.TreeMarshal</c>: a tree flattened to IDs (onet-wire.md §4.3). The top-level value carries TreeId and
/// RosterId and has the root as its only child; inner values carry TreeNodeId and ServerIdentityId.
/// </summary>
[DedisMessage("onet.TreeMarshal")]
public sealed class TreeMarshal
{
    [ProtoField(1)] public Uuid TreeNodeId { get; set; }
    [ProtoField(2)] public Uuid TreeId { get; set; }
    [ProtoField(3)] public Uuid ServerIdentityId { get; set; }
    [ProtoField(4)] public Uuid RosterId { get; set; }
    [ProtoField(5)] public List<TreeMarshal> Children { get; set; } = [];
}

/// <summary><c>onet.RequestRoster</c> (deprecated Version-0 tree exchange).</summary>
[DedisMessage("onet.RequestRoster")]
public sealed class RequestRoster
{
    [ProtoField(1)] public Uuid RosterId { get; set; }
}

/// <summary><c>onet.GenericConfig</c>: opaque protocol configuration.</summary>
[DedisMessage("onet.GenericConfig")]
public sealed class GenericConfig
{
    [ProtoField(1)] public byte[] Data { get; set; } = [];
}

/// <summary><c>onet.ConfigMsg</c>: a config sent ahead of the first ProtocolMsg; Dest = TokenID of its To.</summary>
[DedisMessage("onet.ConfigMsg")]
public sealed class ConfigMsg
{
    [ProtoField(1)] public GenericConfig Config { get; set; } = new();
    [ProtoField(2)] public Uuid Dest { get; set; }
}

/// <summary><c>onet.TreeNodeInfo</c>: routing inside MessageProxy packets (note: To before From).</summary>
[DedisMessage("onet.TreeNodeInfo")]
public sealed class TreeNodeInfo
{
    [ProtoField(1, Optional = true)] public Token? To { get; set; }
    [ProtoField(2, Optional = true)] public Token? From { get; set; }
}

/// <summary><c>onet.OverlayMsg</c>: what a MessageProxy packet carries instead of ProtocolMsg (onet-wire.md §5.5).</summary>
[DedisMessage("onet.OverlayMsg")]
public sealed class OverlayMsg
{
    [ProtoField(1, Optional = true)] public TreeNodeInfo? TreeNodeInfo { get; set; }
    [ProtoField(2, Optional = true)] public RequestRoster? RequestRoster { get; set; }
    [ProtoField(3, Optional = true)] public Roster? Roster { get; set; }
    [ProtoField(4, Optional = true)] public RequestTree? RequestTree { get; set; }
    [ProtoField(5, Optional = true)] public ResponseTree? ResponseTree { get; set; }
    [ProtoField(6, Optional = true)] public TreeMarshal? TreeMarshal { get; set; }
    [ProtoField(7, Optional = true)] public GenericConfig? Config { get; set; }
}
