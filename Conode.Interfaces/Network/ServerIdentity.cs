using Conode.Crypto.Bn256;
using Conode.Crypto.Ed25519;
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

    /// <summary>
    /// The member's bn256 key of <paramref name="service"/> (Go's <c>ServicePublic</c>), or null when it has none or
    /// it is not a valid G2 point. Go falls back to the Ed25519 identity key, which can never verify a BLS signature.
    /// </summary>
    public G2Point? ServicePublicKey(string service)
    {
        var key = ServiceIdentities.FirstOrDefault(s => s.Name == service)?.Public;
        switch (key)
        {
            case G2Point point:
                return point;
            case { MarshalId: "bn256.g2" }:
                try
                {
                    return G2Point.Unmarshal(key.MarshalBinary());
                }
                catch (FormatException)
                {
                    return null;
                }
            default:
                return null;
        }
    }

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

    /// <summary>Go's ServerIdentity.Equal: both have a public key and it is the same.</summary>
    public bool HasSameKeyAs(ServerIdentity other) =>
        Public is not null && other.Public is not null && Public.MarshalBinary().AsSpan().SequenceEqual(other.Public.MarshalBinary());
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

    /// <summary>Σ List[i].Public in the Ed25519 group (the identity point for an empty roster).</summary>
    [ProtoField(3)] public IKyberMarshaler? Aggregate { get; set; }

    /// <summary>A roster over <paramref name="list"/> with its RosterID and aggregate key computed, as Go's NewRoster.</summary>
    public static Roster Create(IEnumerable<ServerIdentity> list)
    {
        var members = list.ToList();
        var aggregate = Ed25519Point.Identity;
        foreach (var member in members)
        {
            aggregate += AsEd25519(member);
        }
        return new Roster { Id = OnetIds.RosterId(members), List = members, Aggregate = aggregate };
    }

    private static Ed25519Point AsEd25519(ServerIdentity member) => member.Public switch
    {
        Ed25519Point point => point,
        { MarshalId: "ed.point" } other => Ed25519Point.Unmarshal(other.MarshalBinary()),
        _ => throw new ArgumentException($"roster member {member.Address} has no Ed25519 public key"),
    };

    /// <summary>Go's Roster.Search: the first member whose (received) ID equals <paramref name="serverIdentityId"/>.</summary>
    public int IndexOf(Uuid serverIdentityId) => List.FindIndex(si => si.Id == serverIdentityId);
}
