using Conode.Protobuf;

namespace Conode.Network;

/// <summary>
/// <c>network.ServerIdentity</c> (onet-wire.md §4.1). Field 6 is Go's unexported private key: it consumes the
/// number, so URL is 7. <see cref="Id"/> is trusted as received by Go peers and must be correct when we create it.
/// </summary>
[DedisMessage("network.ServerIdentity")]
public sealed class ServerIdentity
{
    /// <summary>The conode's Ed25519 point (tagged <c>ed.point</c> on the wire).</summary>
    [ProtoField(1)] public IKyberMarshaler? Public { get; set; }

    /// <summary>Per-service keys; their order is kept as received because RosterID depends on it.</summary>
    [ProtoField(2)] public List<ServiceIdentity> ServiceIdentities { get; set; } = [];

    [ProtoField(3)] public Uuid Id { get; set; }

    /// <summary>e.g. <c>tls://1.2.3.4:7770</c>.</summary>
    [ProtoField(4)] public string Address { get; set; } = "";

    [ProtoField(5)] public string Description { get; set; } = "";

    [ProtoField(7)] public string Url { get; set; } = "";

    /// <summary>A new identity with its ID computed from the key, as Go's <c>NewServerIdentity</c>.</summary>
    public static ServerIdentity Create(IKyberMarshaler publicKey, string address, string description = "", string url = "") =>
        new()
        {
            Public = publicKey,
            Id = OnetIds.ServerIdentityId(publicKey),
            Address = address,
            Description = description,
            Url = url,
        };
}

/// <summary><c>network.ServiceIdentity</c>: a service's own key (field 4, the private key, is never sent).</summary>
[DedisMessage("network.ServiceIdentity")]
public sealed class ServiceIdentity
{
    [ProtoField(1)] public string Name { get; set; } = "";

    /// <summary>Kyber suite name, e.g. <c>bn256.adapter</c>.</summary>
    [ProtoField(2)] public string Suite { get; set; } = "";

    [ProtoField(3)] public IKyberMarshaler? Public { get; set; }
}

/// <summary><c>onet.Roster</c> (onet-wire.md §4.2).</summary>
[DedisMessage("onet.Roster")]
public sealed class Roster
{
    [ProtoField(1)] public Uuid Id { get; set; }

    [ProtoField(2)] public List<ServerIdentity> List { get; set; } = [];

    /// <summary>Σ List[i].Public. Computing it needs point addition, which the kyber layer supplies.</summary>
    [ProtoField(3)] public IKyberMarshaler? Aggregate { get; set; }

    /// <summary>A roster over <paramref name="list"/> with its RosterID computed; the aggregate is left to the caller.</summary>
    public static Roster Create(IEnumerable<ServerIdentity> list)
    {
        var members = list.ToList();
        return new Roster { Id = OnetIds.RosterId(members), List = members };
    }

    /// <summary>Go's Roster.Search: the first member whose (received) ID equals <paramref name="serverIdentityId"/>.</summary>
    public int IndexOf(Uuid serverIdentityId) => List.FindIndex(si => si.Id == serverIdentityId);
}
