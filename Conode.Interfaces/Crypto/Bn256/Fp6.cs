using System.Runtime.CompilerServices;

namespace Conode.Crypto.Bn256;

/// <summary>GF(p⁶) = GF(p²)[τ]/(τ³ − ξ); the value C0 + C1·τ + C2·τ².</summary>
internal readonly struct Fp6
{
    public readonly Fp2 C0, C1, C2;

    public Fp6(in Fp2 c0, in Fp2 c1, in Fp2 c2)
    {
        C0 = c0;
        C1 = c1;
        C2 = c2;
    }

    public static Fp6 One => new(Fp2.One, default, default);

    public bool IsZero => C0.IsZero && C1.IsZero && C2.IsZero;

    public static bool Equal(in Fp6 a, in Fp6 b) => Fp2.Equal(a.C0, b.C0) && Fp2.Equal(a.C1, b.C1) && Fp2.Equal(a.C2, b.C2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp6 Add(in Fp6 a, in Fp6 b) => new(Fp2.Add(a.C0, b.C0), Fp2.Add(a.C1, b.C1), Fp2.Add(a.C2, b.C2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp6 Sub(in Fp6 a, in Fp6 b) => new(Fp2.Sub(a.C0, b.C0), Fp2.Sub(a.C1, b.C1), Fp2.Sub(a.C2, b.C2));

    public static Fp6 Neg(in Fp6 a) => new(Fp2.Neg(a.C0), Fp2.Neg(a.C1), Fp2.Neg(a.C2));

    /// <summary>Multiplication by τ: (c0, c1, c2) → (ξ·c2, c0, c1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp6 MulTau(in Fp6 a) => new(Fp2.MulXi(a.C2), a.C0, a.C1);

    public static Fp6 MulFp2(in Fp6 a, in Fp2 b) => new(Fp2.Mul(a.C0, b), Fp2.Mul(a.C1, b), Fp2.Mul(a.C2, b));

    /// <summary>Karatsuba over the cubic extension: six GF(p²) products.</summary>
    public static Fp6 Mul(in Fp6 a, in Fp6 b)
    {
        var v0 = Fp2.Mul(a.C0, b.C0);
        var v1 = Fp2.Mul(a.C1, b.C1);
        var v2 = Fp2.Mul(a.C2, b.C2);
        var c0 = Fp2.Add(v0, Fp2.MulXi(Fp2.Sub(Fp2.Sub(Fp2.Mul(Fp2.Add(a.C1, a.C2), Fp2.Add(b.C1, b.C2)), v1), v2)));
        var c1 = Fp2.Add(Fp2.Sub(Fp2.Sub(Fp2.Mul(Fp2.Add(a.C0, a.C1), Fp2.Add(b.C0, b.C1)), v0), v1), Fp2.MulXi(v2));
        var c2 = Fp2.Add(Fp2.Sub(Fp2.Sub(Fp2.Mul(Fp2.Add(a.C0, a.C2), Fp2.Add(b.C0, b.C2)), v0), v2), v1);
        return new(c0, c1, c2);
    }

    /// <summary>a·(b0 + b1·τ), the shape of the line functions' factor: five GF(p²) products.</summary>
    public static Fp6 MulBy01(in Fp6 a, in Fp2 b0, in Fp2 b1)
    {
        var v0 = Fp2.Mul(a.C0, b0);
        var v1 = Fp2.Mul(a.C1, b1);
        var c0 = Fp2.Add(v0, Fp2.MulXi(Fp2.Mul(a.C2, b1)));
        var c1 = Fp2.Sub(Fp2.Sub(Fp2.Mul(Fp2.Add(a.C0, a.C1), Fp2.Add(b0, b1)), v0), v1);
        var c2 = Fp2.Add(Fp2.Mul(a.C2, b0), v1);
        return new(c0, c1, c2);
    }

    /// <summary>Chung–Hasan squaring (SQR2): two products and three squares in GF(p²).</summary>
    public static Fp6 Sqr(in Fp6 a)
    {
        var s0 = Fp2.Sqr(a.C0);
        var s1 = Fp2.Dbl(Fp2.Mul(a.C0, a.C1));
        var s2 = Fp2.Sqr(Fp2.Add(Fp2.Sub(a.C0, a.C1), a.C2));
        var s3 = Fp2.Dbl(Fp2.Mul(a.C1, a.C2));
        var s4 = Fp2.Sqr(a.C2);
        return new(
            Fp2.Add(s0, Fp2.MulXi(s3)),
            Fp2.Add(s1, Fp2.MulXi(s4)),
            Fp2.Sub(Fp2.Sub(Fp2.Add(Fp2.Add(s1, s2), s3), s0), s4));
    }

    public static Fp6 Invert(in Fp6 a)
    {
        var t0 = Fp2.Sub(Fp2.Sqr(a.C0), Fp2.MulXi(Fp2.Mul(a.C1, a.C2)));
        var t1 = Fp2.Sub(Fp2.MulXi(Fp2.Sqr(a.C2)), Fp2.Mul(a.C0, a.C1));
        var t2 = Fp2.Sub(Fp2.Sqr(a.C1), Fp2.Mul(a.C0, a.C2));
        var f = Fp2.Add(Fp2.Mul(a.C0, t0), Fp2.MulXi(Fp2.Add(Fp2.Mul(a.C2, t1), Fp2.Mul(a.C1, t2))));
        // Only the final exponentiation inverts in GF(p⁶) and GF(p¹²), on public values.
        var inv = Fp2.InvertVartime(f);
        return new(Fp2.Mul(t0, inv), Fp2.Mul(t1, inv), Fp2.Mul(t2, inv));
    }

    /// <summary>kyber's layout: c2, c1, c0, each GF(p²) value imaginary part first.</summary>
    public void WriteBigEndian(Span<byte> b)
    {
        C2.WriteBigEndian(b[..64]);
        C1.WriteBigEndian(b[64..128]);
        C0.WriteBigEndian(b[128..192]);
    }

    public static Fp6 FromBigEndian(ReadOnlySpan<byte> b) =>
        new(Fp2.FromBigEndian(b[128..192]), Fp2.FromBigEndian(b[64..128]), Fp2.FromBigEndian(b[..64]));
}
