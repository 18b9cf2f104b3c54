using Conode.Network;
using Conode.Protobuf;

namespace Conode.Services.Status;

/// <summary><c>status.Request</c>: empty; the WebSocket payload is zero bytes (onet-wire.md §6.7).</summary>
[DedisMessage("status.Request")]
public sealed class StatusRequest;

/// <summary><c>status.Response</c>: sections (Conode, Generic, Db, Skipblock) and the conode's own identity.</summary>
[DedisMessage("status.Response")]
public sealed class StatusResponse
{
    [ProtoField(1)] public Dictionary<string, OnetStatus> Status { get; set; } = [];
    [ProtoField(2, Optional = true)] public ServerIdentity? ServerIdentity { get; set; }
}

/// <summary><c>onet.Status</c>: one section's key/value pairs.</summary>
[DedisMessage("onet.Status")]
public sealed class OnetStatus
{
    [ProtoField(1)] public Dictionary<string, string> Field { get; set; } = [];
}

/// <summary>
/// <c>status.CheckConnectivity</c>. Time is Unix seconds and Timeout nanoseconds, kept as raw int64 because the
/// signature covers their exact little-endian bytes.
/// </summary>
[DedisMessage("status.CheckConnectivity")]
public sealed class CheckConnectivity
{
    [ProtoField(1)] public long Time { get; set; }
    [ProtoField(2)] public long Timeout { get; set; }
    [ProtoField(3)] public bool FindFaulty { get; set; }
    [ProtoField(4)] public List<ServerIdentity> List { get; set; } = [];
    [ProtoField(5)] public byte[] Signature { get; set; } = [];
}

/// <summary><c>status.CheckConnectivityReply</c>: the reachable nodes.</summary>
[DedisMessage("status.CheckConnectivityReply")]
public sealed class CheckConnectivityReply
{
    [ProtoField(1)] public List<ServerIdentity> Nodes { get; set; } = [];
}
