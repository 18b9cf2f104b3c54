using Conode.Protobuf;

namespace Conode.Crypto.Bn256;

/// <summary>
/// A point of G1: y² = x³ + 3 over GF(p), prime order n (cofactor 1). Encoded as kyber does:
/// x ‖ y, 32 big-endian bytes each, affine; infinity is 64 zero bytes.
/// </summary>
public sealed class G1Point : IKyberMarshaler, IEquatable<G1Point>
{
    public const int Size = 64;

    internal static readonly Fp B = Fp.FromBigInteger(3);

    internal readonly Jacobian<Fp> P;

    internal G1Point(in Jacobian<Fp> p) => P = p;

    public static G1Point Base { get; } = new(Jacobian<Fp>.FromAffine(Fp.One, Fp.Neg(Fp.Dbl(Fp.One))));

    public static G1Point Infinity { get; } = new(Jacobian<Fp>.Infinity);

    public string MarshalId => "bn256.g1";

    /// <summary>
    /// kyber v3's hash to G1 (used by BLS and BDN): x = SHA-256(msg) mod p, then try-and-increment until
    /// x³ + 3 is a square; y is that square's root t^((p+1)/4), with no sign normalisation. Variable time
    /// in the (public) message.
    /// </summary>
    public static G1Point Hash(ReadOnlySpan<byte> message)
    {
        Span<byte> digest = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(message, digest);
        var x = Fp.FromBigEndian(digest);
        while (true)
        {
            var t = Fp.Add(Fp.Mul(Fp.Sqr(x), x), B);
            // One exponentiation both finds the root and decides residuosity (p ≡ 3 mod 4).
            var y = Fp.SqrtCandidate(t);
            if (Fp.Equal(Fp.Sqr(y), t))
            {
                return new G1Point(Jacobian<Fp>.FromAffine(x, y));
            }
            x = Fp.Add(x, Fp.One);
        }
    }

    public bool IsInfinity => P.IsInfinity;

    public G1Point Add(G1Point other) => new(Jacobian<Fp>.Add(P, other.P));

    public G1Point Neg() => new(Jacobian<Fp>.Neg(P));

    /// <summary>k·P with a fixed-window, table-scanning multiplication (for secret scalars).</summary>
    public G1Point Mul(Scalar k) => new(Jacobian<Fp>.Multiply(P, k.ConstantTimeLimbs()));

    public byte[] MarshalBinary()
    {
        var buf = new byte[Size];
        var (x, y) = P.ToAffine();
        x.WriteBigEndian(buf.AsSpan(0, 32));
        y.WriteBigEndian(buf.AsSpan(32, 32));
        return buf;
    }

    /// <summary>
    /// Go's decoder: reads the first 64 bytes and ignores the rest (cothority passes signature ‖ mask);
    /// all zero is infinity; otherwise the point must be on the curve. Coordinates ≥ p are reduced.
    /// </summary>
    public static G1Point Unmarshal(ReadOnlySpan<byte> data)
    {
        if (data.Length < Size)
        {
            throw new FormatException($"bn256.G1: need {Size} bytes, got {data.Length}");
        }
        var x = Fp.FromBigEndian(data[..32]);
        var y = Fp.FromBigEndian(data[32..64]);
        if (x.IsZero && y.IsZero)
        {
            return Infinity;
        }
        if (!Jacobian<Fp>.IsOnCurve(x, y, B))
        {
            throw new FormatException("bn256.G1: point is not on the curve y² = x³ + 3");
        }
        return new G1Point(Jacobian<Fp>.FromAffine(x, y));
    }

    public bool Equals(G1Point? other) => other is not null && Jacobian<Fp>.Equal(P, other.P);

    public override bool Equals(object? obj) => Equals(obj as G1Point);

    public override int GetHashCode() => BitConverter.ToInt32(MarshalBinary(), 0);

    public override string ToString() => Convert.ToHexStringLower(MarshalBinary());
}
