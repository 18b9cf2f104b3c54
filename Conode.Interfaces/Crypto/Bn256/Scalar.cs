using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using Conode.Protobuf;

namespace Conode.Crypto.Bn256;

/// <summary>
/// An integer modulo the bn256 group order n (kyber <c>mod.Int</c>), encoded as 32 big-endian bytes.
/// Arithmetic on scalars is not on any hot path and uses BigInteger; point multiplication by a
/// secret scalar is described in <see cref="Endomorphism{T}.Multiply"/>.
/// </summary>
public sealed class Scalar : IKyberMarshaler, IEquatable<Scalar>
{
    public const int Size = 32;

    /// <summary>The group order n of G1, G2 and GT.</summary>
    public static readonly BigInteger Order =
        BigInteger.Parse("65000549695646603732796438742359905742570406053903786389881062969044166799969");

    // Canonical value in [0, n) as little-endian limbs.
    private readonly ulong[] limbs;

    private Scalar(ulong[] limbs) => this.limbs = limbs;

    public string MarshalId => "mod.int ";

    public static Scalar Zero { get; } = new(new ulong[4]);

    public static Scalar One { get; } = FromBigInteger(BigInteger.One);

    public static Scalar FromBigInteger(BigInteger v)
    {
        v %= Order;
        if (v.Sign < 0)
        {
            v += Order;
        }
        return new Scalar(Fp.Limbs(v));
    }

    public BigInteger ToBigInteger() => new(MarshalBinary(), isUnsigned: true, isBigEndian: true);

    /// <summary>
    /// Go <c>SetBytes</c>: any number of big-endian bytes, reduced mod n. Uses BigInteger, so it is not
    /// constant time; it runs once when a key is loaded from its toml hex.
    /// </summary>
    public static Scalar FromBytesReduced(ReadOnlySpan<byte> bigEndian) =>
        FromBigInteger(new BigInteger(bigEndian, isUnsigned: true, isBigEndian: true));

    /// <summary>Go <c>UnmarshalBinary</c>: exactly 32 big-endian bytes holding a value below n.</summary>
    public static Scalar Unmarshal(ReadOnlySpan<byte> data)
    {
        if (data.Length != Size)
        {
            throw new FormatException($"bn256 scalar: expected {Size} bytes, got {data.Length}");
        }
        var v = new BigInteger(data, isUnsigned: true, isBigEndian: true);
        if (v >= Order)
        {
            throw new FormatException("bn256 scalar: value is not below the group order");
        }
        return FromBigInteger(v);
    }

    private static readonly ulong[] OrderLimbs = Fp.Limbs(Order);

    /// <summary>
    /// Uniform in [1, n): rejection sampling of 256-bit values, as kyber's key generation. The range check
    /// is a borrow chain on the limbs, so an accepted secret is never handled by BigInteger.
    /// </summary>
    public static Scalar Random()
    {
        Span<byte> buf = stackalloc byte[Size];
        while (true)
        {
            RandomNumberGenerator.Fill(buf);
            var limbs = new ulong[4];
            for (var i = 0; i < 4; i++)
            {
                limbs[i] = BinaryPrimitives.ReadUInt64BigEndian(buf.Slice(24 - 8 * i, 8));
            }
            CryptographicOperations.ZeroMemory(buf);
            ulong borrow = 0;
            for (var i = 0; i < 4; i++)
            {
                var d = limbs[i] - OrderLimbs[i];
                var b1 = limbs[i] < OrderLimbs[i] ? 1UL : 0UL;
                borrow = b1 | (d < borrow ? 1UL : 0UL);
            }
            var nonZero = (limbs[0] | limbs[1] | limbs[2] | limbs[3]) != 0;
            if ((borrow == 1) & nonZero)
            {
                return new Scalar(limbs);
            }
        }
    }

    public byte[] MarshalBinary()
    {
        var b = new byte[Size];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(24 - 8 * i, 8), limbs[i]);
        }
        return b;
    }

    public bool IsZero => (limbs[0] | limbs[1] | limbs[2] | limbs[3]) == 0;

    public Scalar Add(Scalar other) => FromBigInteger(ToBigInteger() + other.ToBigInteger());

    public Scalar Mul(Scalar other) => FromBigInteger(ToBigInteger() * other.ToBigInteger());

    public Scalar Neg() => FromBigInteger(-ToBigInteger());

    internal ReadOnlySpan<ulong> Limbs => limbs;

    public bool Equals(Scalar? other) => other is not null && limbs.AsSpan().SequenceEqual(other.limbs);

    public override bool Equals(object? obj) => Equals(obj as Scalar);

    public override int GetHashCode() => HashCode.Combine(limbs[0], limbs[1]);

    public override string ToString() => Convert.ToHexStringLower(MarshalBinary());
}
