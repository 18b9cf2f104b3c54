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

    /// <summary>
    /// this^k. The p-power Frobenius acts on GT as p ≡ 6u² (mod n), so k is split into four ~65-bit parts
    /// and Π_j Frobenius^j(this)^(k_j) is computed with one shared chain of cyclotomic squarings and
    /// width-4 NAF digits (inverses are conjugates). Variable time: GT exponents are never secret in a
    /// conode. Like Go's, the result is only meaningful for elements of GT (the decoder does not check).
    /// </summary>
    public GtElement Mul(Scalar k)
    {
        const int width = 4, tableSize = 1 << (width - 2);
        var parts = G2Point.FrobeniusSplit.Split(k.ToBigInteger());
        // table[j][i] = (Frobenius^j(g))^(2i + 1), sign of k_j folded in by conjugation.
        var odd = new Fp12[tableSize];
        odd[0] = Value;
        var square = Fp12.CyclotomicSqr(Value);
        for (var i = 1; i < tableSize; i++)
        {
            odd[i] = Fp12.Mul(odd[i - 1], square);
        }
        var tables = new Fp12[parts.Length][];
        var digits = new sbyte[parts.Length][];
        var length = 0;
        for (var j = 0; j < parts.Length; j++)
        {
            tables[j] = odd.Select(x => parts[j].Sign < 0 ? Fp12.Conjugate(x) : x).ToArray();
            digits[j] = SignedDigits.WidthNaf(System.Numerics.BigInteger.Abs(parts[j]), width);
            length = Math.Max(length, digits[j].Length);
            odd = odd.Select(x => Fp12.Frobenius(x)).ToArray();
        }
        var r = Fp12.One;
        for (var w = length - 1; w >= 0; w--)
        {
            r = Fp12.CyclotomicSqr(r);
            for (var j = 0; j < parts.Length; j++)
            {
                var d = w < digits[j].Length ? digits[j][w] : 0;
                if (d != 0)
                {
                    var entry = tables[j][Math.Abs(d) >> 1];
                    r = Fp12.Mul(r, d > 0 ? entry : Fp12.Conjugate(entry));
                }
            }
        }
        return new(r);
    }

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
