namespace Conode.Protobuf;

/// <summary>
/// A value that Go encodes through <c>encoding.BinaryMarshaler</c> and, when it sits in an
/// interface-typed field (<c>kyber.Point</c>, <c>kyber.Scalar</c>), prefixes with an 8-byte type tag
/// (onet-wire.md §1.5). Kyber points and scalars of every suite implement it.
/// </summary>
public interface IKyberMarshaler
{
    /// <summary>The 8-byte ASCII tag onet registers for the type, e.g. <c>"ed.point"</c> or <c>"mod.int "</c>.</summary>
    string MarshalId { get; }

    /// <summary>The value's binary form without the tag (kyber <c>MarshalBinary</c>).</summary>
    byte[] MarshalBinary();
}
