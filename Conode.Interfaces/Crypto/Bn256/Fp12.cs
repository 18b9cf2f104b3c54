using System.Numerics;

namespace Conode.Crypto.Bn256;

/// <summary>
/// GF(p¹²) = GF(p⁶)[ω]/(ω² − τ); the value C0 + C1·ω. As a GF(p²)-vector it is Σ a_k·ω^k (k = 0..5,
/// ω⁶ = ξ) with C0 = (a0, a2, a4) and C1 = (a1, a3, a5), which is how the Frobenius constants index it.
/// </summary>
internal readonly struct Fp12
{
    public readonly Fp6 C0, C1;

    public Fp12(in Fp6 c0, in Fp6 c1)
    {
        C0 = c0;
        C1 = c1;
    }

    public static Fp12 One => new(Fp6.One, default);

    public static bool Equal(in Fp12 a, in Fp12 b) => Fp6.Equal(a.C0, b.C0) && Fp6.Equal(a.C1, b.C1);

    public bool IsOne => Equal(this, One);

    /// <summary>Karatsuba: three GF(p⁶) products.</summary>
    public static Fp12 Mul(in Fp12 a, in Fp12 b)
    {
        var v0 = Fp6.Mul(a.C0, b.C0);
        var v1 = Fp6.Mul(a.C1, b.C1);
        var c1 = Fp6.Sub(Fp6.Sub(Fp6.Mul(Fp6.Add(a.C0, a.C1), Fp6.Add(b.C0, b.C1)), v0), v1);
        return new(Fp6.Add(v0, Fp6.MulTau(v1)), c1);
    }

    /// <summary>
    /// a·(l0 + l1·ω + l3·ω³), the sparse value of a line function evaluated at a G1 point:
    /// thirteen GF(p²) products instead of eighteen.
    /// </summary>
    public static Fp12 MulLine(in Fp12 a, in Fp2 l0, in Fp2 l1, in Fp2 l3)
    {
        var v0 = Fp6.MulFp2(a.C0, l0);
        var v1 = Fp6.MulBy01(a.C1, l1, l3);
        var c1 = Fp6.Sub(Fp6.Sub(Fp6.MulBy01(Fp6.Add(a.C0, a.C1), Fp2.Add(l0, l1), l3), v0), v1);
        return new(Fp6.Add(v0, Fp6.MulTau(v1)), c1);
    }

    /// <summary>Complex squaring: two GF(p⁶) products.</summary>
    public static Fp12 Sqr(in Fp12 a)
    {
        var v = Fp6.Mul(a.C0, a.C1);
        var t = Fp6.Mul(Fp6.Add(a.C0, a.C1), Fp6.Add(a.C0, Fp6.MulTau(a.C1)));
        var c0 = Fp6.Sub(Fp6.Sub(t, v), Fp6.MulTau(v));
        return new(c0, Fp6.Add(v, v));
    }

    /// <summary>
    /// Granger–Scott squaring, valid only in the cyclotomic subgroup (after the easy part of the final
    /// exponentiation): GF(p¹²) seen as GF(p⁴)[ω]/(ω³ − s) with s = ω³, s² = ξ; nine GF(p²) squares.
    /// </summary>
    public static Fp12 CyclotomicSqr(in Fp12 a)
    {
        // z0 = a0 + a3·s, z1 = a1 + a4·s, z2 = a2 + a5·s.
        var (a0x, a0y) = Fp4Sqr(a.C0.C0, a.C1.C1);
        var (a1x, a1y) = Fp4Sqr(a.C1.C0, a.C0.C2);
        var (a2x, a2y) = Fp4Sqr(a.C0.C1, a.C1.C2);
        // c0 = 3·z0² − 2·conj(z0); c1 = 3·s·z2² + 2·conj(z1); c2 = 3·z1² − 2·conj(z2).
        var r0 = Triple2Sub(a0x, a.C0.C0);
        var r3 = Triple2Add(a0y, a.C1.C1);
        var r1 = Triple2Add(Fp2.MulXi(a2y), a.C1.C0);
        var r4 = Triple2Sub(a2x, a.C0.C2);
        var r2 = Triple2Sub(a1x, a.C0.C1);
        var r5 = Triple2Add(a1y, a.C1.C2);
        return new(new Fp6(r0, r2, r4), new Fp6(r1, r3, r5));
    }

    private static (Fp2 X, Fp2 Y) Fp4Sqr(in Fp2 x, in Fp2 y)
    {
        var t0 = Fp2.Sqr(x);
        var t1 = Fp2.Sqr(y);
        var xy2 = Fp2.Sub(Fp2.Sub(Fp2.Sqr(Fp2.Add(x, y)), t0), t1);
        return (Fp2.Add(t0, Fp2.MulXi(t1)), xy2);
    }

    /// <summary>3a − 2b = 2(a − b) + a.</summary>
    private static Fp2 Triple2Sub(in Fp2 a, in Fp2 b) => Fp2.Add(Fp2.Dbl(Fp2.Sub(a, b)), a);

    /// <summary>3a + 2b = 2(a + b) + a.</summary>
    private static Fp2 Triple2Add(in Fp2 a, in Fp2 b) => Fp2.Add(Fp2.Dbl(Fp2.Add(a, b)), a);

    /// <summary>The p⁶-power Frobenius, which is the inverse in the cyclotomic subgroup.</summary>
    public static Fp12 Conjugate(in Fp12 a) => new(a.C0, Fp6.Neg(a.C1));

    public static Fp12 Invert(in Fp12 a)
    {
        var d = Fp6.Sub(Fp6.Sqr(a.C0), Fp6.MulTau(Fp6.Sqr(a.C1)));
        var inv = Fp6.Invert(d);
        return new(Fp6.Mul(a.C0, inv), Fp6.Neg(Fp6.Mul(a.C1, inv)));
    }

    // γ_k = ξ^(k(p−1)/6) and δ_k = ξ^(k(p²−1)/6) (the latter lies in GF(p)), k = 0..5.
    private static readonly Fp2[] Gamma = FrobeniusConstants(Fp.Modulus);
    private static readonly Fp[] Delta = FrobeniusConstants(Fp.Modulus * Fp.Modulus).Select(c => c.Re).ToArray();

    private static Fp2[] FrobeniusConstants(BigInteger q)
    {
        var xi = new Fp2(Fp.FromBigInteger(3), Fp.One);
        return Enumerable.Range(0, 6).Select(k => Fp2.Pow(xi, k * (q - 1) / 6)).ToArray();
    }

    /// <summary>x ↦ x^p: (a_k·ω^k)^p = conj(a_k)·γ_k·ω^k.</summary>
    public static Fp12 Frobenius(in Fp12 a) => new(
        new Fp6(Fp2.Conjugate(a.C0.C0), Fp2.Mul(Fp2.Conjugate(a.C0.C1), Gamma[2]), Fp2.Mul(Fp2.Conjugate(a.C0.C2), Gamma[4])),
        new Fp6(Fp2.Mul(Fp2.Conjugate(a.C1.C0), Gamma[1]), Fp2.Mul(Fp2.Conjugate(a.C1.C1), Gamma[3]), Fp2.Mul(Fp2.Conjugate(a.C1.C2), Gamma[5])));

    /// <summary>x ↦ x^(p²): a_k·ω^k ↦ a_k·δ_k·ω^k.</summary>
    public static Fp12 FrobeniusP2(in Fp12 a) => new(
        new Fp6(a.C0.C0, Fp2.MulFp(a.C0.C1, Delta[2]), Fp2.MulFp(a.C0.C2, Delta[4])),
        new Fp6(Fp2.MulFp(a.C1.C0, Delta[1]), Fp2.MulFp(a.C1.C1, Delta[3]), Fp2.MulFp(a.C1.C2, Delta[5])));

    /// <summary>Twist-map constants for the Miller loop's Frobenius images of Q.</summary>
    internal static Fp2 XiToPMinus1Over3 => Gamma[2];
    internal static Fp2 XiToPMinus1Over2 => Gamma[3];
    internal static Fp XiToPSquaredMinus1Over3 => Delta[2];

    /// <summary>kyber's 384-byte layout: C1 (the ω coefficient) first, then C0.</summary>
    public void WriteBigEndian(Span<byte> b)
    {
        C1.WriteBigEndian(b[..192]);
        C0.WriteBigEndian(b[192..384]);
    }

    public static Fp12 FromBigEndian(ReadOnlySpan<byte> b) => new(Fp6.FromBigEndian(b[192..384]), Fp6.FromBigEndian(b[..192]));
}
