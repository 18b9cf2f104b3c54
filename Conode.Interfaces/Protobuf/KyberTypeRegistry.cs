using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace Conode.Protobuf;

/// <summary>Builds a kyber value from its binary form (without the 8-byte tag). Throws on invalid bytes.</summary>
public delegate IKyberMarshaler KyberFactory(ReadOnlySpan<byte> data);

/// <summary>
/// What the decoder may instantiate for interface-typed fields (onet-wire.md §1.5): Go's
/// <c>protobuf.RegisterInterface</c> generators keyed by 8-byte tag, and the decoder's <c>Constructors</c> keyed by
/// the declared property type for untagged payloads. Registration is expected at startup; lookups are lock-free.
/// </summary>
public sealed class KyberTypeRegistry
{
    private readonly ConcurrentDictionary<ulong, KyberFactory> _byTag = new();
    private readonly ConcurrentDictionary<Type, KyberFactory> _byDeclaredType = new();

    /// <summary>
    /// The registry <see cref="DedisProtobuf"/> uses unless another one is passed: every kyber type onet knows,
    /// with Ed25519 for untagged points, as onet registers them at start-up.
    /// </summary>
    public static KyberTypeRegistry Default { get; } = CreateDefault();

    private static KyberTypeRegistry CreateDefault()
    {
        var registry = new KyberTypeRegistry();
        Crypto.KyberSuites.RegisterDefaults(registry);
        return registry;
    }

    /// <summary>Registers the type behind an 8-character tag such as <c>"ed.point"</c> (replacing any earlier one).</summary>
    public void Register(string tag, KyberFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _byTag[TagKey(tag)] = factory;
    }

    /// <summary>
    /// Go's <c>Constructors</c>: the factory used for an untagged (or unknown-tag) payload decoded into a property
    /// declared as <paramref name="declaredType"/> (e.g. the suite's point for <c>IKyberMarshaler</c>).
    /// </summary>
    public void RegisterConstructor(Type declaredType, KyberFactory factory)
    {
        ArgumentNullException.ThrowIfNull(declaredType);
        ArgumentNullException.ThrowIfNull(factory);
        _byDeclaredType[declaredType] = factory;
    }

    internal bool TryGetByTag(ReadOnlySpan<byte> tag, out KyberFactory factory) =>
        _byTag.TryGetValue(BinaryPrimitives.ReadUInt64LittleEndian(tag), out factory!);

    internal bool TryGetConstructor(Type declaredType, out KyberFactory factory) =>
        _byDeclaredType.TryGetValue(declaredType, out factory!);

    /// <summary>Writes the tag's 8 wire bytes; tags are byte strings, so each char must fit in one byte.</summary>
    internal static void WriteTag(string tag, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (tag.Length != OpaqueKyberValue.TagLength || tag.AsSpan().ContainsAnyExceptInRange((char)0, (char)0xff))
        {
            throw new ProtobufException($"kyber tag \"{tag}\" is not 8 single-byte characters");
        }
        System.Text.Encoding.Latin1.GetBytes(tag, destination);
    }

    private static ulong TagKey(string tag)
    {
        Span<byte> bytes = stackalloc byte[OpaqueKyberValue.TagLength];
        WriteTag(tag, bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }
}

/// <summary>
/// A kyber value of a type this process cannot interpret (e.g. a bn256 point when no bn256 type is registered).
/// It keeps the exact bytes so that re-encoding reproduces the input (onet-wire.md §4.1, §8.6): the tag when the
/// payload was longer than 8 bytes, otherwise no tag (<see cref="MarshalId"/> is then empty).
/// </summary>
public sealed class OpaqueKyberValue : IKyberMarshaler
{
    internal const int TagLength = 8;

    private readonly byte[] _data;

    public OpaqueKyberValue(string marshalId, ReadOnlySpan<byte> data)
    {
        if (marshalId.Length != 0)
        {
            KyberTypeRegistry.WriteTag(marshalId, stackalloc byte[TagLength]);
        }
        MarshalId = marshalId;
        _data = data.ToArray();
    }

    /// <summary>The 8-character tag (Latin-1 view of the tag bytes) or empty when the payload had none.</summary>
    public string MarshalId { get; }

    public byte[] MarshalBinary() => (byte[])_data.Clone();

    internal static OpaqueKyberValue FromPayload(ReadOnlySpan<byte> payload) =>
        payload.Length > TagLength
            ? new OpaqueKyberValue(System.Text.Encoding.Latin1.GetString(payload[..TagLength]), payload[TagLength..])
            : new OpaqueKyberValue("", payload);
}
