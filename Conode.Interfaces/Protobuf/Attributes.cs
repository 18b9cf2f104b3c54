namespace Conode.Protobuf;

/// <summary>
/// Marks a class as a dedis protobuf message and gives the Go type string (<c>reflect.Type.String()</c>, i.e.
/// <c>package.TypeName</c>) from which its message type ID is derived (onet-wire.md §2.1).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DedisMessageAttribute(string goType) : Attribute
{
    public string GoType { get; } = goType;
}

/// <summary>
/// Marks a property as an encoded field. <see cref="Number"/> must be the number Go computes, which counts
/// unexported fields too (onet-wire.md §1.1) — e.g. ServerIdentity.URL is 7.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class ProtoFieldAttribute(int number) : Attribute
{
    public int Number { get; } = number;

    /// <summary>
    /// Go pointer semantics: the field is omitted when the property is null. Without it a null message encodes as
    /// the zero message, a null string/byte[] as empty. Interface (kyber) fields are always optional.
    /// </summary>
    public bool Optional { get; init; }

    /// <summary>
    /// Fixed-width encoding for <c>int</c>/<c>long</c>/<c>uint</c>/<c>ulong</c> (Go's protobuf.Sfixed32, Sfixed64,
    /// Ufixed32, Ufixed64), also for list elements.
    /// </summary>
    public bool Fixed { get; init; }
}

/// <summary>
/// A <c>byte[]</c> property (or list element) that stands for a Go <c>[N]byte</c> array: always encoded with
/// exactly N bytes (null → N zero bytes) and decoded only from exactly N bytes.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class FixedSizeAttribute(int size) : Attribute
{
    public int Size { get; } = size;
}
