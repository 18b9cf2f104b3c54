using Conode.Network;

namespace Conode.Protobuf;

/// <summary>
/// The go.dedis.ch/protobuf v1.0.11 encoding for C# message classes (onet-wire.md §1). Messages are classes with
/// [DedisMessage] whose encoded properties carry [ProtoField]. Metadata is built once per type and cached.
/// </summary>
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
