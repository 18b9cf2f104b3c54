using System.Diagnostics.CodeAnalysis;
using Conode.Protobuf;

namespace Conode.Crypto.Ed25519;

/// <summary>
/// A point of the kyber "Ed25519" suite (twisted Edwards curve of RFC 8032, full group incl. the order-8
/// torsion; no subgroup check anywhere, as in Go). Encoded as 32 bytes (kyber-crypto.md A.3). Immutable;
/// two points are equal iff their encodings are equal.
/// </summary>
public sealed class Ed25519Point : IKyberMarshaler, IEquatable<Ed25519Point>
{
    public const int Size = 32;

    public static Ed25519Point Identity { get; } = new(ExtendedPoint.Identity);

    /// <summary>The RFC 8032 base point B (encoding <c>5866…66</c>).</summary>
    public static Ed25519Point Base { get; } = new(ScalarMultiplication.BasePoint);

    private readonly ExtendedPoint value;
    private byte[]? encoding;

    internal Ed25519Point(in ExtendedPoint value) => this.value = value;

    internal ref readonly ExtendedPoint Value => ref value;

    public string MarshalId => "ed.point";

    /// <summary>The canonical 32-byte encoding (kyber <c>MarshalBinary</c>).</summary>
    public byte[] MarshalBinary() => (byte[])Encoding.Clone();

    // Computed once on demand (one field inversion); racing threads compute the same bytes.
    private byte[] Encoding
    {
        get
        {
            if (encoding is null)
            {
                var bytes = new byte[Size];
                value.Encode(bytes);
                encoding = bytes;
            }
            return encoding;
        }
    }

    /// <summary>
    /// kyber <c>UnmarshalBinary</c>: exactly 32 bytes; accepts what Go accepts, including y ≥ p (taken mod p)
    /// and x = 0 with the sign bit set. Use <see cref="IsCanonicalEncoding"/> and <see cref="HasSmallOrder"/>
    /// where Go adds those checks (signature verification).
    /// </summary>
    public static bool TryUnmarshal(ReadOnlySpan<byte> data, [NotNullWhen(true)] out Ed25519Point? point)
    {
        if (data.Length != Size)
        {
            point = null;
            return false;
        }
        var key = new DecodedKey(data);
        if (Decoded.TryGetValue(key, out point))
        {
            return true;
        }
        if (!ExtendedPoint.TryDecode(data, out var decoded))
        {
            point = null;
            return false;
        }
        point = new Ed25519Point(decoded);
        Decoded.Add(key, point);
        return true;
    }

    /// <summary>
    /// Points decoded lately, by their bytes: a decoding is a field exponentiation, and the same few keys (every
    /// roster member's) are decoded with every block, roster and identity a node reads. Points are immutable, so
    /// sharing them is safe.
    /// </summary>
    private static readonly BoundedMemo<DecodedKey, Ed25519Point> Decoded = new(capacity: 1024);

    private readonly record struct DecodedKey(ulong A, ulong B, ulong C, ulong D)
    {
        public DecodedKey(ReadOnlySpan<byte> bytes)
            : this(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]))
        {
        }
    }

    /// <exception cref="FormatException">Not 32 bytes or not the encoding of a curve point.</exception>
    public static Ed25519Point Unmarshal(ReadOnlySpan<byte> data) =>
        TryUnmarshal(data, out var point) ? point : throw new FormatException("Invalid Ed25519 curve point.");

    /// <summary>Reads a toml/hex string (first 64 hex characters; anything after them is ignored).</summary>
    /// <exception cref="FormatException">Fewer than 64 characters, not hex, or not a curve point.</exception>
    public static Ed25519Point FromHex(string hex) => Unmarshal(KyberHex.DecodePrefix(hex, Size));

    /// <summary>Lowercase hex of the encoding: the toml <c>Public</c> form and the input of ServerIdentityID.</summary>
    public string ToHex() => Convert.ToHexStringLower(Encoding);

    public override string ToString() => ToHex();

    /// <summary>Go <c>IsCanonical</c>: 32 bytes whose y value (sign bit masked) is below p.</summary>
    public static bool IsCanonicalEncoding(ReadOnlySpan<byte> data)
    {
        if (data.Length != Size)
        {
            return false;
        }
        // y is canonical iff reducing it mod p leaves it unchanged.
        Span<byte> reduced = stackalloc byte[Size];
        FieldElement.FromBytes(data).ToBytes(reduced);
        return reduced[..31].SequenceEqual(data[..31]) && reduced[31] == (data[31] & 0x7f);
    }

    /// <summary>Go <c>HasSmallOrder</c>: true for the 8 points whose order divides 8 (identity included).</summary>
    public bool HasSmallOrder => value.HasSmallOrder();

    public Ed25519Point Add(Ed25519Point other) =>
        new(ExtendedPoint.Add(value, other.value.ToCached()).ToExtended());

    public Ed25519Point Subtract(Ed25519Point other) =>
        new(ExtendedPoint.Add(value, other.value.ToCached().Negate()).ToExtended());

    public Ed25519Point Negate() => new(value.Negate());

    /// <summary>s·P in constant time.</summary>
    public Ed25519Point Multiply(Ed25519Scalar scalar) =>
        new(ScalarMultiplication.Multiply(value, scalar.Bytes));

    /// <summary>s·B in constant time (precomputed table, masked lookups).</summary>
    public static Ed25519Point MultiplyBase(Ed25519Scalar scalar) =>
        new(ScalarMultiplication.MultiplyBase(scalar.Bytes));

    public static Ed25519Point operator +(Ed25519Point a, Ed25519Point b) => a.Add(b);

    public static Ed25519Point operator -(Ed25519Point a, Ed25519Point b) => a.Subtract(b);

    public static Ed25519Point operator -(Ed25519Point a) => a.Negate();

    public static Ed25519Point operator *(Ed25519Scalar s, Ed25519Point p) => p.Multiply(s);

    public bool Equals(Ed25519Point? other) =>
        other is not null && ExtendedPoint.AreEqual(value, other.value);

    public override bool Equals(object? obj) => Equals(obj as Ed25519Point);

    public override int GetHashCode() => BitConverter.ToInt32(Encoding);

    public static bool operator ==(Ed25519Point? a, Ed25519Point? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(Ed25519Point? a, Ed25519Point? b) => !(a == b);
}
