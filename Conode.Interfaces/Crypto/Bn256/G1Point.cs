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

    public bool IsInfinity => P.IsInfinity;

    public G1Point Add(G1Point other) => new(Jacobian<Fp>.Add(P, other.P));

    public G1Point Neg() => new(Jacobian<Fp>.Neg(P));

    /// <summary>k·P with a fixed-window, table-scanning multiplication (for secret scalars).</summary>
    public G1Point Mul(Scalar k) => new(Jacobian<Fp>.Multiply(P, k.ConstantTimeLimbs(), constantTime: true));

    /// <summary>k·P for a public multiplier (BDN weights), variable time.</summary>
    internal G1Point MulPublic(ReadOnlySpan<ulong> k) => new(Jacobian<Fp>.Multiply(P, k, constantTime: false));

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
