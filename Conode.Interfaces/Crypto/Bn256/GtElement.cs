using Conode.Protobuf;

namespace Conode.Crypto.Bn256;

/// <summary>
/// An element of GT (order-n subgroup of GF(p¹²)*), written additively as kyber does: Add multiplies,
/// Neg inverts (conjugates), Mul(k) exponentiates. Encoded in 384 bytes (spec §B.5).
/// </summary>
public sealed class GtElement : IKyberMarshaler, IEquatable<GtElement>
{
    public const int Size = 384;

    internal readonly Fp12 Value;

    internal GtElement(in Fp12 value) => Value = value;

    public static GtElement Identity { get; } = new(Fp12.One);

    /// <summary>kyber's GT base e(G1gen, G2gen).</summary>
    public static GtElement Base => LazyBase.Value;

    private static readonly Lazy<GtElement> LazyBase = new(() => Bn256Pairing.Pair(G1Point.Base, G2Point.Base));

    public string MarshalId => "bn256.gt";

    public bool IsIdentity => Value.IsOne;

    public GtElement Add(GtElement other) => new(Fp12.Mul(Value, other.Value));

    public GtElement Neg() => new(Fp12.Conjugate(Value));

    /// <summary>this^k (variable time: GT exponents are never secret in a conode).</summary>
    public GtElement Mul(Scalar k) => new(Fp12.Pow(Value, k.Limbs, cyclotomic: true));

    public byte[] MarshalBinary()
    {
        var b = new byte[Size];
        Value.WriteBigEndian(b);
        return b;
    }

    /// <summary>Like Go, 384 bytes with no validation of the value.</summary>
    public static GtElement Unmarshal(ReadOnlySpan<byte> data)
    {
        if (data.Length < Size)
        {
            throw new FormatException($"bn256.GT: need {Size} bytes, got {data.Length}");
        }
        return new(Fp12.FromBigEndian(data[..Size]));
    }

    public bool Equals(GtElement? other) => other is not null && Fp12.Equal(Value, other.Value);

    public override bool Equals(object? obj) => Equals(obj as GtElement);

    public override int GetHashCode() => BitConverter.ToInt32(MarshalBinary(), 0);

    public override string ToString() => Convert.ToHexStringLower(MarshalBinary());
}
