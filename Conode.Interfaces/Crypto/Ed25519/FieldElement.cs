using System.Buffers.Binary;

namespace Conode.Crypto.Ed25519;

/// <summary>
/// An element of GF(2^255 − 19) as five 51-bit limbs (value = Σ limb_i · 2^(51·i)).
/// Every operation returns limbs below 2^52 ("loosely reduced"); only <see cref="ToBytes"/>
/// produces the unique value in [0, p). All operations are constant time.
/// </summary>
internal readonly struct FieldElement
{
    private const ulong Mask = (1UL << 51) - 1;

    // 2p limb by limb; added before a subtraction so no limb goes negative.
    private const ulong TwoPLow = 2 * (Mask - 18);
    private const ulong TwoPHigh = 2 * Mask;

    private readonly ulong l0, l1, l2, l3, l4;

    private FieldElement(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4)
    {
        this.l0 = l0;
        this.l1 = l1;
        this.l2 = l2;
        this.l3 = l3;
        this.l4 = l4;
    }

    public static FieldElement Zero => default;

    public static FieldElement One => new(1, 0, 0, 0, 0);

    /// <summary>Curve constant d = −121665/121666.</summary>
    public static readonly FieldElement D = Mul(Neg(FromSmall(121665)), Invert(FromSmall(121666)));

    /// <summary>2·d, the factor the cached point forms carry.</summary>
    public static readonly FieldElement D2 = Add(D, D);

    /// <summary>A square root of −1: 2^((p−1)/4), computed as (2^((p−5)/8))² · 2.</summary>
    public static readonly FieldElement SqrtMinusOne = Mul(Square(Pow22523(FromSmall(2))), FromSmall(2));

    public static FieldElement FromSmall(ulong value) => new(value, 0, 0, 0, 0);

    /// <summary>Reads 32 little-endian bytes, ignoring the top bit; values in [p, 2^255) are kept and act mod p.</summary>
    public static FieldElement FromBytes(ReadOnlySpan<byte> bytes)
    {
        var w0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var w1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        var w2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        var w3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
        return new(
            w0 & Mask,
            ((w0 >> 51) | (w1 << 13)) & Mask,
            ((w1 >> 38) | (w2 << 26)) & Mask,
            ((w2 >> 25) | (w3 << 39)) & Mask,
            (w3 >> 12) & Mask);
    }

    /// <summary>Writes the canonical 32-byte little-endian encoding (value fully reduced mod p).</summary>
    public void ToBytes(Span<byte> output)
    {
        var t = Carry(l0, l1, l2, l3, l4);
        // The value is now below 2p; q = 1 exactly when it is ≥ p, found by propagating the carry of value + 19.
        var q = (t.l0 + 19) >> 51;
        q = (t.l1 + q) >> 51;
        q = (t.l2 + q) >> 51;
        q = (t.l3 + q) >> 51;
        q = (t.l4 + q) >> 51;
        // value − q·p = value + 19q − q·2^255: add 19q, carry, and drop bit 255.
        var a0 = t.l0 + 19 * q;
        var a1 = t.l1 + (a0 >> 51);
        a0 &= Mask;
        var a2 = t.l2 + (a1 >> 51);
        a1 &= Mask;
        var a3 = t.l3 + (a2 >> 51);
        a2 &= Mask;
        var a4 = t.l4 + (a3 >> 51);
        a3 &= Mask;
        a4 &= Mask;
        BinaryPrimitives.WriteUInt64LittleEndian(output, a0 | (a1 << 51));
        BinaryPrimitives.WriteUInt64LittleEndian(output[8..], (a1 >> 13) | (a2 << 38));
        BinaryPrimitives.WriteUInt64LittleEndian(output[16..], (a2 >> 26) | (a3 << 25));
        BinaryPrimitives.WriteUInt64LittleEndian(output[24..], (a3 >> 39) | (a4 << 12));
    }

    /// <summary>The low bit of the canonical value (the "sign" RFC 8032 stores for x).</summary>
    public bool IsNegative
    {
        get
        {
            Span<byte> b = stackalloc byte[32];
            ToBytes(b);
            return (b[0] & 1) == 1;
        }
    }

    public bool IsZero
    {
        get
        {
            Span<byte> b = stackalloc byte[32];
            ToBytes(b);
            var bits = 0;
            foreach (var x in b)
            {
                bits |= x;
            }
            return bits == 0;
        }
    }

    public static bool AreEqual(in FieldElement a, in FieldElement b) => Sub(a, b).IsZero;

    public static FieldElement Add(in FieldElement a, in FieldElement b) =>
        Carry(a.l0 + b.l0, a.l1 + b.l1, a.l2 + b.l2, a.l3 + b.l3, a.l4 + b.l4);

    public static FieldElement Sub(in FieldElement a, in FieldElement b) =>
        Carry(a.l0 + TwoPLow - b.l0, a.l1 + TwoPHigh - b.l1, a.l2 + TwoPHigh - b.l2,
            a.l3 + TwoPHigh - b.l3, a.l4 + TwoPHigh - b.l4);

    public static FieldElement Neg(in FieldElement a) => Sub(Zero, a);

    public static FieldElement Mul(in FieldElement a, in FieldElement b)
    {
        // 2^255 ≡ 19, so limb products that overflow the fifth limb come back multiplied by 19.
        ulong b1 = 19 * b.l1, b2 = 19 * b.l2, b3 = 19 * b.l3, b4 = 19 * b.l4;
        var r0 = M(a.l0, b.l0) + M(a.l1, b4) + M(a.l2, b3) + M(a.l3, b2) + M(a.l4, b1);
        var r1 = M(a.l0, b.l1) + M(a.l1, b.l0) + M(a.l2, b4) + M(a.l3, b3) + M(a.l4, b2);
        var r2 = M(a.l0, b.l2) + M(a.l1, b.l1) + M(a.l2, b.l0) + M(a.l3, b4) + M(a.l4, b3);
        var r3 = M(a.l0, b.l3) + M(a.l1, b.l2) + M(a.l2, b.l1) + M(a.l3, b.l0) + M(a.l4, b4);
        var r4 = M(a.l0, b.l4) + M(a.l1, b.l3) + M(a.l2, b.l2) + M(a.l3, b.l1) + M(a.l4, b.l0);
        return CarryWide(r0, r1, r2, r3, r4);
    }

    public static FieldElement Square(in FieldElement a)
    {
        ulong d0 = 2 * a.l0, d1 = 2 * a.l1;
        ulong a3x19 = 19 * a.l3, a4x19 = 19 * a.l4;
        var r0 = M(a.l0, a.l0) + M(d1, a4x19) + M(2 * a.l2, a3x19);
        var r1 = M(d0, a.l1) + M(2 * a.l2, a4x19) + M(a.l3, a3x19);
        var r2 = M(d0, a.l2) + M(a.l1, a.l1) + M(2 * a.l3, a4x19);
        var r3 = M(d0, a.l3) + M(d1, a.l2) + M(a.l4, a4x19);
        var r4 = M(d0, a.l4) + M(d1, a.l3) + M(a.l2, a.l2);
        return CarryWide(r0, r1, r2, r3, r4);
    }

    /// <summary>a^(p−2) = 1/a (0 for 0).</summary>
    public static FieldElement Invert(in FieldElement a)
    {
        var (t250, t11) = Pow2To250Minus1(a);
        // p − 2 = (2^250 − 1)·2^5 + 11
        return Mul(SquareTimes(t250, 5), t11);
    }

    /// <summary>a^((p−5)/8), the exponent of the combined square root and division in point decoding.</summary>
    public static FieldElement Pow22523(in FieldElement a)
    {
        var (t250, _) = Pow2To250Minus1(a);
        // (p − 5)/8 = (2^250 − 1)·4 + 1
        return Mul(SquareTimes(t250, 2), a);
    }

    /// <summary>Returns <paramref name="a"/> when mask is 0 and <paramref name="b"/> when mask is all ones.</summary>
    public static FieldElement Select(in FieldElement a, in FieldElement b, ulong mask) => new(
        a.l0 ^ (mask & (a.l0 ^ b.l0)),
        a.l1 ^ (mask & (a.l1 ^ b.l1)),
        a.l2 ^ (mask & (a.l2 ^ b.l2)),
        a.l3 ^ (mask & (a.l3 ^ b.l3)),
        a.l4 ^ (mask & (a.l4 ^ b.l4)));

    // Shared prefix of the two fixed addition chains: returns a^(2^250 − 1) and a^11.
    private static (FieldElement T250, FieldElement T11) Pow2To250Minus1(in FieldElement a)
    {
        var t2 = Square(a);
        var t9 = Mul(SquareTimes(t2, 2), a);
        var t11 = Mul(t9, t2);
        var t5 = Mul(Square(t11), t9);              // 2^5 − 1
        var t10 = Mul(SquareTimes(t5, 5), t5);      // 2^10 − 1
        var t20 = Mul(SquareTimes(t10, 10), t10);   // 2^20 − 1
        var t40 = Mul(SquareTimes(t20, 20), t20);   // 2^40 − 1
        var t50 = Mul(SquareTimes(t40, 10), t10);   // 2^50 − 1
        var t100 = Mul(SquareTimes(t50, 50), t50);  // 2^100 − 1
        var t200 = Mul(SquareTimes(t100, 100), t100); // 2^200 − 1
        return (Mul(SquareTimes(t200, 50), t50), t11); // 2^250 − 1
    }

    private static FieldElement SquareTimes(FieldElement a, int times)
    {
        for (var i = 0; i < times; i++)
        {
            a = Square(a);
        }
        return a;
    }

    private static UInt128 M(ulong a, ulong b) => Math.BigMul(a, b);

    private static FieldElement Carry(ulong a0, ulong a1, ulong a2, ulong a3, ulong a4)
    {
        a1 += a0 >> 51;
        a0 &= Mask;
        a2 += a1 >> 51;
        a1 &= Mask;
        a3 += a2 >> 51;
        a2 &= Mask;
        a4 += a3 >> 51;
        a3 &= Mask;
        a0 += 19 * (a4 >> 51);
        a4 &= Mask;
        return new(a0, a1, a2, a3, a4);
    }

    // Inputs below 2^52 per limb keep every sum below 2^111 and r4 below 2^107, so the top carry times 19 fits in 64 bits.
    private static FieldElement CarryWide(UInt128 r0, UInt128 r1, UInt128 r2, UInt128 r3, UInt128 r4)
    {
        r1 += (ulong)(r0 >> 51);
        var a0 = (ulong)r0 & Mask;
        r2 += (ulong)(r1 >> 51);
        var a1 = (ulong)r1 & Mask;
        r3 += (ulong)(r2 >> 51);
        var a2 = (ulong)r2 & Mask;
        r4 += (ulong)(r3 >> 51);
        var a3 = (ulong)r3 & Mask;
        var a4 = (ulong)r4 & Mask;
        a0 += 19 * (ulong)(r4 >> 51);
        a1 += a0 >> 51;
        a0 &= Mask;
        return new(a0, a1, a2, a3, a4);
    }
}
