using System.Numerics;
using Conode.Protobuf;

namespace Conode.Crypto.Bn256;

/// <summary>
/// A point of G2, the order-n subgroup of the sextic twist y² = x³ + 3/ξ over GF(p²). Encoded as kyber
/// does: x.im ‖ x.re ‖ y.im ‖ y.re, 32 big-endian bytes each, affine; infinity is 128 zero bytes.
/// </summary>
public sealed class G2Point : IKyberMarshaler, IEquatable<G2Point>
{
    public const int Size = 128;

    internal static readonly Fp2 B = Fp2.Mul(new Fp2(Fp.FromBigInteger(3), Fp.Zero), Fp2.Invert(new Fp2(Fp.FromBigInteger(3), Fp.One)));

    internal readonly Jacobian<Fp2> P;

    /// <summary>The bytes a decoded point came from: encoding again would cost a GF(p²) inversion, and rosters' keys
    /// are encoded on every signature check (<see cref="Conode.Crypto.Bls.CosiVerificationCache"/>).</summary>
    private readonly byte[]? _encoding;

    internal G2Point(in Jacobian<Fp2> p) => P = p;

    private G2Point(in Jacobian<Fp2> p, byte[] encoding)
    {
        P = p;
        _encoding = encoding;
    }

    public static G2Point Base { get; } = new(Jacobian<Fp2>.FromAffine(
        new Fp2(
            Fp.FromBigInteger(BigInteger.Parse("64746500191241794695844075326670126197795977525365406531717464316923369116492")),
            Fp.FromBigInteger(BigInteger.Parse("21167961636542580255011770066570541300993051739349375019639421053990175267184"))),
        new Fp2(
            Fp.FromBigInteger(BigInteger.Parse("17778617556404439934652658462602675281523610326338642107814333856843981424549")),
            Fp.FromBigInteger(BigInteger.Parse("20666913350058776956210519119118544732556678129809273996262322366050359951122")))));

    public static G2Point Infinity { get; } = new(Jacobian<Fp2>.Infinity);

    /// <summary>A multiple of the generator by a hash-derived scalar, where secret multiplications start.</summary>
    private static readonly Jacobian<Fp2> Offset = Jacobian<Fp2>.MultiplySum([Base.P],
        [Fp.Limbs(new BigInteger(System.Security.Cryptography.SHA256.HashData("Conode.NET bn256 G2 multiplication offset"u8), isUnsigned: true) % Scalar.Order)]);

    private static readonly Lazy<FixedBase<Fp2>> BaseTable = new(() => new FixedBase<Fp2>(Base.P, Offset));

    /// <summary>
    /// k ↦ four parts of about 65 bits with k ≡ Σ k_j·λ^j (mod n), λ = p mod n = 6u². Galbraith–Scott's
    /// lattice for BN curves: each row v satisfies Σ v_j·λ^j ≡ 0 (mod n). Frobenius acts as λ on G2 (ψ) and
    /// on GT alike, so both use it.
    /// </summary>
    internal static readonly LatticeSplit FrobeniusSplit = new(
    [
        [Fp.U + 1, Fp.U, Fp.U, -2 * Fp.U],
        [2 * Fp.U + 1, -Fp.U, -(Fp.U + 1), -Fp.U],
        [2 * Fp.U, 2 * Fp.U + 1, 2 * Fp.U + 1, 2 * Fp.U + 1],
        [Fp.U - 1, 4 * Fp.U + 2, -2 * Fp.U + 1, Fp.U - 1],
    ]);

    /// <summary>
    /// The twisted Frobenius ψ(x, y) = (x̄·ξ^((p−1)/3), ȳ·ξ^((p−1)/2)) acts on G2 as λ = p ≡ 6u² (mod n),
    /// so a scalar splits into four ~65-bit parts (<see cref="FrobeniusSplit"/>).
    /// </summary>
    private static readonly Endomorphism<Fp2> Psi = new(Frobenius, FrobeniusSplit, partBits: 66, Offset);

    internal static Jacobian<Fp2> Frobenius(Jacobian<Fp2> p) => new(
        Fp2.Mul(Fp2.Conjugate(p.X), Fp12.XiToPMinus1Over3),
        Fp2.Mul(Fp2.Conjugate(p.Y), Fp12.XiToPMinus1Over2),
        Fp2.Conjugate(p.Z));

    public string MarshalId => "bn256.g2";

    public bool IsInfinity => P.IsInfinity;

    public G2Point Add(G2Point other) => new(Jacobian<Fp2>.Add(P, other.P));

    public G2Point Neg() => new(Jacobian<Fp2>.Neg(P));

    /// <summary>
    /// k·Q for a secret k (key generation): a precomputed comb for the generator, otherwise a ψ split; both
    /// fixed-shape and table-scanning. Like every use of ψ the split
    /// assumes Q is in G2; for a point outside the subgroup (which Go's decoder accepts) the result
    /// differs from Go's plain k·Q.
    /// </summary>
    public G2Point Mul(Scalar k) => new(ReferenceEquals(this, Base) ? BaseTable.Value.Multiply(k) : Psi.Multiply(P, k));

    public byte[] MarshalBinary()
    {
        if (_encoding is not null)
        {
            return (byte[])_encoding.Clone();
        }
        var buf = new byte[Size];
        var (x, y) = P.ToAffine();
        x.WriteBigEndian(buf.AsSpan(0, 64));
        y.WriteBigEndian(buf.AsSpan(64, 64));
        return buf;
    }

    /// <summary>
    /// Go's decoder: at least 128 bytes (the rest is ignored); all zero is infinity; otherwise the point
    /// must be on the twist. Like Go, there is no subgroup check.
    /// </summary>
    public static G2Point Unmarshal(ReadOnlySpan<byte> data)
    {
        if (data.Length < Size)
        {
            throw new FormatException($"bn256.G2: need {Size} bytes, got {data.Length}");
        }
        var x = Fp2.FromBigEndian(data[..64]);
        var y = Fp2.FromBigEndian(data[64..128]);
        if (x.IsZero && y.IsZero)
        {
            return Infinity;
        }
        if (!Jacobian<Fp2>.IsOnCurve(x, y, B))
        {
            throw new FormatException("bn256.G2: point is not on the twist curve y² = x³ + 3/ξ");
        }
        var point = Jacobian<Fp2>.FromAffine(x, y);
        return IsCanonical(data) ? new G2Point(point, data[..Size].ToArray()) : new G2Point(point);
    }

    private static bool IsCanonical(ReadOnlySpan<byte> data) =>
        Fp.IsCanonical(data[..32]) && Fp.IsCanonical(data[32..64]) && Fp.IsCanonical(data[64..96]) && Fp.IsCanonical(data[96..128]);

    public bool Equals(G2Point? other) => other is not null && Jacobian<Fp2>.Equal(P, other.P);

    public override bool Equals(object? obj) => Equals(obj as G2Point);

    public override int GetHashCode() => BitConverter.ToInt32(MarshalBinary(), 0);

    public override string ToString() => Convert.ToHexStringLower(MarshalBinary());
}
