using Conode.Network;
using Conode.Protobuf;

namespace Conode.Overlay;

/// <summary>
/// One node's part in one run of a protocol (onet's protocol instance), keyed by the TokenID of its own
/// token (onet-wire.md §5.1). The overlay delivers every ProtocolMsg addressed to that token here.
/// </summary>
public interface IProtocolInstanceGrain : IGrainWithStringKey
{
    Task Deliver(ProtocolEnvelope envelope);
}

/// <summary>
/// A received <c>onet.ProtocolMsg</c>, as encoded bytes (its kyber points are not Orleans-serializable), with the
/// instance's config (<c>GenericConfig.Data</c>) when the sender announced one for it, and the tree the overlay
/// delivered it on (encoded as <see cref="StoredTree"/>), so that an instance does not depend on its
/// <see cref="ITreeGrain"/> still being active.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProtocolEnvelope(
    [property: Id(0)] byte[] ProtocolMsg,
    [property: Id(1)] byte[]? Config = null,
    [property: Id(2)] byte[]? Tree = null);

/// <summary>
/// The trees of running protocols, keyed by TreeID: what <c>RequestTree</c> is answered from and what protocol
/// instances read their parent and children from. Kept in memory while used, as Go keeps its trees.
/// </summary>
public interface ITreeGrain : IGrainWithStringKey
{
    /// <summary>Keeps the tree (encoded <c>onet.ResponseTree</c>: TreeMarshal + Roster).</summary>
    Task Store(byte[] responseTree);

    /// <summary>The encoded <c>onet.ResponseTree</c>, or null when this node does not know the tree.</summary>
    Task<byte[]?> Get();
}

/// <summary>
/// The form a tree takes in an <see cref="ITreeGrain"/>: an encoded <c>onet.ResponseTree</c> (TreeMarshal + Roster),
/// which is also what a <c>RequestTree</c> is answered with.
/// </summary>
public static class StoredTree
{
    public static ResponseTree ToResponse(Tree tree) => new() { TreeMarshal = tree.ToMarshal(), Roster = tree.Roster };

    public static byte[] Encode(Tree tree) => DedisProtobuf.Encode(ToResponse(tree));

    public static Tree Decode(byte[] encoded) => FromResponse(DedisProtobuf.Decode<ResponseTree>(encoded));

    /// <exception cref="InvalidDataException">A part is missing, or the tree does not fit the roster.</exception>
    public static Tree FromResponse(ResponseTree response) => Tree.FromMarshal(
        response.TreeMarshal ?? throw new InvalidDataException("ResponseTree without tree"),
        response.Roster ?? throw new InvalidDataException("ResponseTree without roster"));
}

/// <summary>
/// Which grain runs this node's part in protocol <paramref name="Name"/>: the code that implements a protocol
/// registers one route per protocol name (onet's RegisterProtocol); the overlay delivers by the token's ProtoID.
/// </summary>
public sealed record ProtocolRoute(string Name, Func<IGrainFactory, string, IProtocolInstanceGrain> Grain)
{
    public Uuid Id => Protocols.Id(Name);
}

/// <summary>Identifiers of the protocols this node runs, by name as Go registers them.</summary>
public static class Protocols
{
    public const string Broadcast = "Broadcast";

    public static Uuid Id(string name) => OnetIds.ProtocolId(name);
}

/// <summary>An <c>onet.Token</c> as grains pass it around.</summary>
[GenerateSerializer, Immutable]
public sealed record TokenValue(
    [property: Id(0)] Uuid RosterId,
    [property: Id(1)] Uuid TreeId,
    [property: Id(2)] Uuid ProtoId,
    [property: Id(3)] Uuid ServiceId,
    [property: Id(4)] Uuid RoundId,
    [property: Id(5)] Uuid TreeNodeId)
{
    public static TokenValue From(Token token) =>
        new(token.RosterId, token.TreeId, token.ProtoId, token.ServiceId, token.RoundId, token.TreeNodeId);

    public Token ToToken() => new()
    {
        RosterId = RosterId, TreeId = TreeId, ProtoId = ProtoId, ServiceId = ServiceId, RoundId = RoundId, TreeNodeId = TreeNodeId,
    };

    /// <summary>The key of this token's protocol-instance grain.</summary>
    public string GrainKey => OnetIds.TokenId(ToToken()).ToString();
}
