using Conode.Network;

namespace Conode.Protobuf;

/// <summary>
/// The go.dedis.ch/protobuf v1.0.11 encoding for C# message classes (onet-wire.md §1). Metadata is built once per
/// type and cached.
/// </summary>
/// <remarks>
/// A message is a class with [DedisMessage] and a parameterless constructor that leaves every field at its zero
/// value (lists and maps may start empty: decoding appends to them). Encoded properties carry [ProtoField] with
/// Go's field number. Kinds: <c>bool</c>; <c>int</c>/<c>long</c> = Go int/int32/int64 (zigzag); <c>uint</c>/<c>ulong</c>
/// (plain varint); <c>Fixed = true</c> for Sfixed/Ufixed; <c>float</c>/<c>double</c>; <c>string</c>; <c>byte[]</c>
/// (<c>[FixedSize(n)]</c> for <c>[n]byte</c>); <see cref="Network.Uuid"/> (<c>[16]byte</c>);
/// <c>DateTimeOffset</c> = time.Time; <c>TimeSpan</c> = time.Duration; another message (value struct, or
/// <c>Optional = true</c> for a pointer); interfaces deriving from <see cref="IKyberMarshaler"/> (kyber
/// points/scalars); <c>List&lt;T&gt;</c> or <c>T[]</c> of those (Go slices); <c>Dictionary&lt;K,V&gt;</c> with scalar, string or
/// Uuid keys. An embedded Go struct is a base class.
/// <code>
/// [DedisMessage("network.ServiceIdentity")]
/// public sealed class ServiceIdentity
/// {
///     [ProtoField(1)] public string Name { get; set; } = "";
///     [ProtoField(2)] public string Suite { get; set; } = "";
///     [ProtoField(3)] public IKyberMarshaler? Public { get; set; }   // field 4 (private key) is never sent
/// }
/// </code>
/// </remarks>
public static class DedisProtobuf
{
    /// <summary>Go's <c>protobuf.Encode</c>: fields in ascending number order, byte-exact with Go.</summary>
    /// <exception cref="ProtobufException">The type cannot be mapped, or a value cannot be encoded (as in Go).</exception>
    public static byte[] Encode(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new ProtoWriter();
        MessageDescriptor.For(message.GetType()).EncodeBody(message, writer);
        return writer.ToArray();
    }

    /// <summary><paramref name="prefix"/> ‖ protobuf(message) in one buffer (network.Marshal).</summary>
    internal static byte[] Encode(Uuid prefix, object message)
    {
        var writer = new ProtoWriter();
        prefix.WriteTo(writer.Reserve(Uuid.Size));
        MessageDescriptor.For(message.GetType()).EncodeBody(message, writer);
        return writer.ToArray();
    }

    /// <summary>Go's <c>protobuf.DecodeWithConstructors</c>, with <see cref="KyberTypeRegistry.Default"/> unless given.</summary>
    /// <exception cref="ProtobufException">Any malformed input; nothing else escapes.</exception>
    public static T Decode<T>(ReadOnlySpan<byte> data, KyberTypeRegistry? registry = null) where T : class =>
        (T)Decode(typeof(T), data, registry);

    /// <inheritdoc cref="Decode{T}"/>
    public static object Decode(Type type, ReadOnlySpan<byte> data, KyberTypeRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        return MessageDescriptor.For(type).Decode(data, new DecodeContext(registry ?? KyberTypeRegistry.Default));
    }

    /// <summary>The Go type string of a message class ([DedisMessage]).</summary>
    public static string GoTypeOf(Type type) => MessageDescriptor.For(type).Name;
}
