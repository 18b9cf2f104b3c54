using System.Numerics;
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

    /// <summary>A point with no known relation to any input, where secret multiplications start.</summary>
    private static readonly Jacobian<Fp> Offset = Hash("Conode.NET bn256 G1 multiplication offset"u8).P;

    private static readonly Lazy<FixedBase<Fp>> BaseTable = new(() => new FixedBase<Fp>(Base.P, Offset));

    /// <summary>GLV: φ(x, y) = (βx, y) with β a cube root of unity acts as λ = 36u³ + 18u² + 6u + 1.</summary>
    private static readonly Endomorphism<Fp> Glv = CreateGlv();

    private static Endomorphism<Fp> CreateGlv()
    {
        var n = Scalar.Order;
        var u = Fp.U;
        var lambda = 36 * u * u * u + 18 * u * u + 6 * u + 1;
        var beta = Fp.FromBigInteger(BigInteger.ModPow(2, (Fp.Modulus - 1) / 3, Fp.Modulus));
        // Of the two non-trivial cube roots, take the one that matches λ on the generator.
        var expected = Jacobian<Fp>.MultiplySum([Base.P], [Fp.Limbs(lambda)]).ToAffine();
        if (!Fp.Equal(expected.X, Fp.Mul(Base.P.X, beta)))
        {
            beta = Fp.Sqr(beta);
        }
        var (a1, b1, a2, b2) = ShortBasis(n, lambda);
        return new Endomorphism<Fp>(
            p => new Jacobian<Fp>(Fp.Mul(p.X, beta), p.Y, p.Z),
            new LatticeSplit([[a1, b1], [a2, b2]]),
            partBits: 130,
            Offset);
    }

    /// <summary>
    /// Two short vectors (a, b) with a + b·λ ≡ 0 (mod n), from the extended Euclidean algorithm on
    /// (n, λ) stopped around √n (Gallant–Lambert–Vanstone).
    /// </summary>
    private static (BigInteger A1, BigInteger B1, BigInteger A2, BigInteger B2) ShortBasis(BigInteger n, BigInteger lambda)
    {
        var steps = new List<(BigInteger R, BigInteger T)> { (n, 0), (lambda, 1) };
        while (!steps[^1].R.IsZero)
        {
            var (r0, t0) = steps[^2];
            var (r1, t1) = steps[^1];
            var q = r0 / r1;
            steps.Add((r0 - q * r1, t0 - q * t1));
        }
        var m = steps.FindLastIndex(s => s.R * s.R >= n);
        var (a1, b1) = (steps[m + 1].R, -steps[m + 1].T);
        var (c, d) = (steps[m].R, -steps[m].T);
        var (e, f) = (steps[m + 2].R, -steps[m + 2].T);
        return c * c + d * d <= e * e + f * f ? (a1, b1, c, d) : (a1, b1, e, f);
    }

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

    /// <summary>
    /// k·P for a secret k: a precomputed comb for the generator, otherwise a GLV split; both fixed-shape
    /// and table-scanning.
    /// </summary>
    public G1Point Mul(Scalar k) => new(ReferenceEquals(this, Base) ? BaseTable.Value.Multiply(k) : Glv.Multiply(P, k));

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
