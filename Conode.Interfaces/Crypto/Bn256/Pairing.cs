using System.Numerics;

namespace Conode.Crypto.Bn256;

/// <summary>
/// The optimal ate pairing of kyber's bn256 (Naehrig–Niederhagen–Schwabe, Algorithm 1): a Miller loop
/// over 6u + 2 in non-adjacent form on the twist point, two more lines with the Frobenius images of Q,
/// then the final exponentiation to (p¹² − 1)/n with the same addition chain as Go, so GT values are
/// byte-identical. Line values are scaled by factors in proper subfields, which the final
/// exponentiation removes. Everything here works on public data and is variable time.
/// </summary>
public static class Bn256Pairing
{
    private static readonly BigInteger U = 6518589491078791937;

    /// <summary>Signed digits of u (23 non-zero instead of 30 binary ones).</summary>
    private static readonly sbyte[] UNaf = Naf(U);

    /// <summary>Signed digits of 6u + 2, least significant first (the top digit is 1).</summary>
    private static readonly sbyte[] SixUPlus2Naf = Naf(6 * U + 2);

    private static sbyte[] Naf(BigInteger k)
    {
        var digits = new List<sbyte>();
        while (k > 0)
        {
            sbyte d = 0;
            if (!k.IsEven)
            {
                d = (sbyte)(2 - (int)(k % 4));
                k -= d;
            }
            digits.Add(d);
            k >>= 1;
        }
        return digits.ToArray();
    }

    /// <summary>e(p, q); 1 if either is infinity.</summary>
    public static GtElement Pair(G1Point p, G2Point q) => new(FinalExponentiation(Miller([(p, q)])));

    /// <summary>Π e(p_i, q_i) with one shared Miller loop and a single final exponentiation.</summary>
    public static GtElement PairProduct(ReadOnlySpan<(G1Point P, G2Point Q)> pairs) => new(FinalExponentiation(Miller(pairs)));

    /// <summary>Whether Π e(p_i, q_i) = 1: the BLS check e(H, X) = e(σ, G2) as e(H, X)·e(−σ, G2) = 1.</summary>
    public static bool PairProductIsOne(ReadOnlySpan<(G1Point P, G2Point Q)> pairs) => FinalExponentiation(Miller(pairs)).IsOne;

    private struct MillerState
    {
        public Fp XP, YP;
        public Fp2 XQ, YQ, NegYQ;
        public Jacobian<Fp2> T;
    }

    internal static Fp12 Miller(ReadOnlySpan<(G1Point P, G2Point Q)> pairs)
    {
        var states = new MillerState[pairs.Length];
        var count = 0;
        foreach (var (p, q) in pairs)
        {
            if (p.IsInfinity || q.IsInfinity)
            {
                continue; // e(∞, ·) = e(·, ∞) = 1
            }
            var (xp, yp) = p.P.ToAffine();
            var (xq, yq) = q.P.ToAffine();
            states[count++] = new MillerState
            {
                XP = xp, YP = yp, XQ = xq, YQ = yq, NegYQ = Fp2.Neg(yq),
                T = Jacobian<Fp2>.FromAffine(xq, yq),
            };
        }
        var s = states.AsSpan(0, count);
        var f = Fp12.One;
        for (var i = SixUPlus2Naf.Length - 2; i >= 0; i--)
        {
            if (i != SixUPlus2Naf.Length - 2)
            {
                f = Fp12.Sqr(f);
            }
            for (var j = 0; j < s.Length; j++)
            {
                ref var st = ref s[j];
                f = DoubleStep(f, ref st.T, st.XP, st.YP);
                var d = SixUPlus2Naf[i];
                if (d != 0)
                {
                    f = AddStep(f, ref st.T, st.XQ, d > 0 ? st.YQ : st.NegYQ, st.XP, st.YP);
                }
            }
        }
        for (var j = 0; j < s.Length; j++)
        {
            ref var st = ref s[j];
            // Q1 = π(Q) and −Q2 = −π²(Q) mapped back onto the twist (x' ↦ x'·ξ^((p−1)/3) etc.).
            var x1 = Fp2.Mul(Fp2.Conjugate(st.XQ), Fp12.XiToPMinus1Over3);
            var y1 = Fp2.Mul(Fp2.Conjugate(st.YQ), Fp12.XiToPMinus1Over2);
            f = AddStep(f, ref st.T, x1, y1, st.XP, st.YP);
            var x2 = Fp2.MulFp(st.XQ, Fp12.XiToPSquaredMinus1Over3);
            f = AddStep(f, ref st.T, x2, st.YQ, st.XP, st.YP);
        }
        return f;
    }

    /// <summary>
    /// T ← 2T and f·ℓ(P) for the tangent at T, scaled by 2Y·Z³ (dbl-2009-l):
    /// ℓ = 2YZ³·yP − 3X²Z²·xP·ω + (3X³ − 2Y²)·ω³.
    /// </summary>
    private static Fp12 DoubleStep(in Fp12 f, ref Jacobian<Fp2> t, in Fp xp, in Fp yp)
    {
        var a = Fp2.Sqr(t.X);
        var b = Fp2.Sqr(t.Y);
        var c = Fp2.Sqr(b);
        var d = Fp2.Dbl(Fp2.Sub(Fp2.Sub(Fp2.Sqr(Fp2.Add(t.X, b)), a), c));
        var e = Fp2.Add(Fp2.Dbl(a), a);
        var zz = Fp2.Sqr(t.Z);
        var x3 = Fp2.Sub(Fp2.Sqr(e), Fp2.Dbl(d));
        var y3 = Fp2.Sub(Fp2.Mul(e, Fp2.Sub(d, x3)), Fp2.Dbl(Fp2.Dbl(Fp2.Dbl(c))));
        var z3 = Fp2.Dbl(Fp2.Mul(t.Y, t.Z));
        var l0 = Fp2.MulFp(Fp2.Mul(z3, zz), yp);
        var l1 = Fp2.Neg(Fp2.MulFp(Fp2.Mul(e, zz), xp));
        var l3 = Fp2.Sub(Fp2.Mul(e, t.X), Fp2.Dbl(b));
        t = new Jacobian<Fp2>(x3, y3, z3);
        return Fp12.MulLine(f, l0, l1, l3);
    }

    /// <summary>
    /// T ← T + Q for an affine Q and f·ℓ(P) for the line through T and Q (madd-2007-bl), scaled so that
    /// ℓ = Z3·yP − r·xP·ω + (r·xQ − yQ·Z3)·ω³ with r = 2(yQ·Z³ − Y). When T = −Q this is the vertical line.
    /// </summary>
    private static Fp12 AddStep(in Fp12 f, ref Jacobian<Fp2> t, in Fp2 xq, in Fp2 yq, in Fp xp, in Fp yp)
    {
        var z1z1 = Fp2.Sqr(t.Z);
        var u2 = Fp2.Mul(xq, z1z1);
        var s2 = Fp2.Mul(Fp2.Mul(yq, t.Z), z1z1);
        var h = Fp2.Sub(u2, t.X);
        var hh = Fp2.Sqr(h);
        var i = Fp2.Dbl(Fp2.Dbl(hh));
        var j = Fp2.Mul(h, i);
        var r = Fp2.Dbl(Fp2.Sub(s2, t.Y));
        var v = Fp2.Mul(t.X, i);
        var x3 = Fp2.Sub(Fp2.Sub(Fp2.Sqr(r), j), Fp2.Dbl(v));
        var y3 = Fp2.Sub(Fp2.Mul(r, Fp2.Sub(v, x3)), Fp2.Dbl(Fp2.Mul(t.Y, j)));
        var z3 = Fp2.Sub(Fp2.Sub(Fp2.Sqr(Fp2.Add(t.Z, h)), z1z1), hh);
        var l0 = Fp2.MulFp(z3, yp);
        var l1 = Fp2.Neg(Fp2.MulFp(r, xp));
        var l3 = Fp2.Sub(Fp2.Mul(r, xq), Fp2.Mul(yq, z3));
        t = new Jacobian<Fp2>(x3, y3, z3);
        return Fp12.MulLine(f, l0, l1, l3);
    }

    /// <summary>f^((p¹² − 1)/n): easy part f^((p⁶ − 1)(p² + 1)), then Go's u-based hard part.</summary>
    internal static Fp12 FinalExponentiation(in Fp12 f)
    {
        var t = Fp12.Mul(Fp12.Conjugate(f), Fp12.Invert(f));
        t = Fp12.Mul(Fp12.FrobeniusP2(t), t);

        var fp = Fp12.Frobenius(t);
        var fp2 = Fp12.FrobeniusP2(t);
        var fp3 = Fp12.Frobenius(fp2);
        var fu = ExpU(t);
        var fu2 = ExpU(fu);
        var fu3 = ExpU(fu2);

        var y0 = Fp12.Mul(Fp12.Mul(fp, fp2), fp3);
        var y1 = Fp12.Conjugate(t);
        var y2 = Fp12.FrobeniusP2(fu2);
        var y3 = Fp12.Conjugate(Fp12.Frobenius(fu));
        var y4 = Fp12.Conjugate(Fp12.Mul(fu, Fp12.Frobenius(fu2)));
        var y5 = Fp12.Conjugate(fu2);
        var y6 = Fp12.Conjugate(Fp12.Mul(fu3, Fp12.Frobenius(fu3)));

        var t0 = Fp12.Mul(Fp12.Mul(Fp12.CyclotomicSqr(y6), y4), y5);
        var t1 = Fp12.Mul(Fp12.Mul(y3, y5), t0);
        t0 = Fp12.Mul(t0, y2);
        t1 = Fp12.CyclotomicSqr(Fp12.Mul(Fp12.CyclotomicSqr(t1), t0));
        t0 = Fp12.Mul(t1, y1);
        t1 = Fp12.Mul(t1, y0);
        return Fp12.Mul(Fp12.CyclotomicSqr(t0), t1);
    }

    /// <summary>a^u in the cyclotomic subgroup, where a⁻¹ is the conjugate, so u's signed digits are cheap.</summary>
    private static Fp12 ExpU(in Fp12 a)
    {
        var inverse = Fp12.Conjugate(a);
        var r = a;
        for (var i = UNaf.Length - 2; i >= 0; i--)
        {
            r = Fp12.CyclotomicSqr(r);
            if (UNaf[i] != 0)
            {
                r = Fp12.Mul(r, UNaf[i] > 0 ? a : inverse);
            }
        }
        return r;
    }
}
