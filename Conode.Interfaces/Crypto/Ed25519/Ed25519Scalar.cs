using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Conode.Protobuf;

namespace Conode.Crypto.Ed25519;

/// <summary>
/// A scalar of the kyber "Ed25519" suite: an integer mod L = 2^252 + 27742317777372353535851937790883648493,
/// encoded as 32 bytes little-endian (kyber-crypto.md A.4). Immutable; always held reduced mod L.
/// </summary>
public sealed class Ed25519Scalar : IKyberMarshaler, IEquatable<Ed25519Scalar>
{
    public const int Size = 32;

    public static Ed25519Scalar Zero { get; } = new(new byte[Size]);

    public static Ed25519Scalar One { get; } = FromBytesModOrder([1]);

    private readonly byte[] bytes;

    private Ed25519Scalar(byte[] reducedLittleEndian) => bytes = reducedLittleEndian;

    public string MarshalId => "ed.scala";

    /// <summary>The 32-byte little-endian encoding of the reduced value (kyber <c>MarshalBinary</c>).</summary>
    public byte[] MarshalBinary() => (byte[])bytes.Clone();

    internal ReadOnlySpan<byte> Bytes => bytes;

    /// <summary>kyber <c>SetBytes</c>: a little-endian integer of any length, reduced mod L (e.g. a SHA-512 output).</summary>
    public static Ed25519Scalar FromBytesModOrder(ReadOnlySpan<byte> littleEndian)
    {
        var reduced = new byte[Size];
        ScalarArithmetic.ReduceBytes(littleEndian, reduced);
        return new Ed25519Scalar(reduced);
    }

    /// <summary>
    /// kyber <c>UnmarshalBinary</c>: exactly 32 bytes. Go keeps the bytes unreduced and reduces on every use
    /// (its <c>MarshalBinary</c> emits the reduced value), so reducing here yields the same scalar.
    /// </summary>
    /// <exception cref="FormatException">The input is not 32 bytes long.</exception>
    public static Ed25519Scalar Unmarshal(ReadOnlySpan<byte> data)
    {
        if (data.Length != Size)
        {
            throw new FormatException($"An Ed25519 scalar is {Size} bytes, got {data.Length}.");
        }
        return FromBytesModOrder(data);
    }

    /// <summary>Accepts only the canonical encoding: exactly 32 bytes whose value is below L (a signature's s).</summary>
    public static bool TryFromCanonicalBytes(ReadOnlySpan<byte> data, [NotNullWhen(true)] out Ed25519Scalar? scalar)
    {
        if (data.Length != Size || !ScalarArithmetic.IsCanonical(data))
        {
            scalar = null;
            return false;
        }
        scalar = new Ed25519Scalar(data.ToArray());
        return true;
    }

    /// <summary>Reads a toml/hex string (first 64 hex characters; anything after them is ignored).</summary>
    /// <exception cref="FormatException">Fewer than 64 characters or not hex.</exception>
    public static Ed25519Scalar FromHex(string hex) => Unmarshal(KyberHex.DecodePrefix(hex, Size));

    /// <summary>Lowercase hex of <see cref="MarshalBinary"/>, the toml <c>Private</c> form.</summary>
    public string ToHex() => Convert.ToHexStringLower(bytes);

    /// <summary>
    /// A uniformly random nonzero scalar from the OS CSPRNG. Rejection sampling over 253-bit values (as kyber's
    /// <c>Pick</c>): the loop count depends only on rejected candidates, never on the returned value.
    /// </summary>
    public static Ed25519Scalar Random()
    {
        var candidate = new byte[Size];
        while (true)
        {
            RandomNumberGenerator.Fill(candidate);
            candidate[Size - 1] &= 0x1f;
            var bits = 0;
            foreach (var b in candidate)
            {
                bits |= b;
            }
            if (ScalarArithmetic.IsCanonical(candidate) && bits != 0)
            {
                return new Ed25519Scalar(candidate);
            }
        }
    }

    public Ed25519Scalar Add(Ed25519Scalar other) => Combine(this, other, ScalarArithmetic.Add);

    public Ed25519Scalar Subtract(Ed25519Scalar other) => Combine(this, other, ScalarArithmetic.Subtract);

    public Ed25519Scalar Multiply(Ed25519Scalar other) => Combine(this, other, ScalarArithmetic.Multiply);

    public Ed25519Scalar Negate() => Zero.Subtract(this);

    public static Ed25519Scalar operator +(Ed25519Scalar a, Ed25519Scalar b) => a.Add(b);

    public static Ed25519Scalar operator -(Ed25519Scalar a, Ed25519Scalar b) => a.Subtract(b);

    public static Ed25519Scalar operator -(Ed25519Scalar a) => a.Negate();

    public static Ed25519Scalar operator *(Ed25519Scalar a, Ed25519Scalar b) => a.Multiply(b);

    /// <summary>Constant-time comparison (scalars are often secret).</summary>
    public bool Equals(Ed25519Scalar? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(bytes, other.bytes);

    public override bool Equals(object? obj) => Equals(obj as Ed25519Scalar);

    public override int GetHashCode() => BitConverter.ToInt32(bytes);

    public static bool operator ==(Ed25519Scalar? a, Ed25519Scalar? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(Ed25519Scalar? a, Ed25519Scalar? b) => !(a == b);

    private delegate void LimbOperation(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result);

    private static Ed25519Scalar Combine(Ed25519Scalar a, Ed25519Scalar b, LimbOperation operation)
    {
        Span<ulong> x = stackalloc ulong[4];
        Span<ulong> y = stackalloc ulong[4];
        Span<ulong> result = stackalloc ulong[4];
        ScalarArithmetic.Load(a.bytes, x);
        ScalarArithmetic.Load(b.bytes, y);
        operation(x, y, result);
        var encoded = new byte[Size];
        ScalarArithmetic.Store(result, encoded);
        return new Ed25519Scalar(encoded);
    }
}
