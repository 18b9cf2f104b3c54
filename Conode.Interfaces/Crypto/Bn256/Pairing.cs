using System.Numerics;

namespace Conode.Crypto.Bn256;

/// <summary>
/// The optimal ate pairing of kyber's bn256 (Naehrig–Niederhagen–Schwabe, Algorithm 1): a Miller loop
/// over 6u + 2 in non-adjacent form on the twist point, two more lines with the Frobenius images of Q,
/// then the final exponentiation to (p¹² − 1)/n — Go's exponent itself, not a multiple of it, so GT values
/// are byte-identical. Line values are scaled by factors in proper subfields, which the final
/// exponentiation removes. Everything here works on public data and is variable time.
/// </summary>
public static class Bn256Pairing
{
    /// <summary>
    /// Width-3 signed digits of u (±1, ±3): 16 non-zero instead of 23 in the NAF and 30 binary ones,
    /// so an exponentiation by u costs 16 GF(p¹²) products (one of them builds a³) instead of 22.
    /// </summary>
    private static readonly sbyte[] UDigits = SignedDigits.WidthNaf(Fp.U, 3);

    /// <summary>Signed digits of 6u + 2, least significant first (the top digit is 1).</summary>
    private static readonly sbyte[] SixUPlus2Naf = SignedDigits.WidthNaf(6 * Fp.U + 2, 2);

    /// <summary>e(p, q); 1 if either is infinity.</summary>
    public static GtElement Pair(G1Point p, G2Point q) => new(FinalExponentiation(Miller([(p, q)])));

    /// <summary>Π e(p_i, q_i) with one shared Miller loop and a single final exponentiation.</summary>
    public static GtElement PairProduct(ReadOnlySpan<(G1Point P, G2Point Q)> pairs) => new(FinalExponentiation(Miller(pairs)));

    /// <summary>
    /// Whether Π e(p_i, q_i) = 1: the BLS check e(H, X) = e(σ, G2) as e(H, X)·e(−σ, G2) = 1. With
    /// <paramref name="recurringQ"/> the lines of each q_i are remembered for the next check with the same point
    /// (a roster's keys and aggregate keys come back with every signature; random points should not evict them).
    /// </summary>
    public static bool PairProductIsOne(ReadOnlySpan<(G1Point P, G2Point Q)> pairs, bool recurringQ = false) =>
        FinalExponentiation(Miller(pairs, recurringQ)).IsOne;

    /// <summary>
    /// A line function of the Miller loop with the G1 point left out: evaluated at P = (xP, yP) it is
    /// A·yP + B·xP·ω + C·ω³. The lines depend only on Q, so those of the G2 generator (the second pair
    /// of every BLS verification) are computed once.
    /// </summary>
    private readonly record struct Line(Fp2 A, Fp2 B, Fp2 C);

    private static readonly Lazy<Line[]> BaseLines = new(() => Lines(G2Point.Base.P.ToAffine()));

    /// <summary>Lines of recurring points, about 17 KB each.</summary>
    private static readonly BoundedMemo<AffineKey, Line[]> RememberedLines = new(capacity: 128);

    internal static Fp12 Miller(ReadOnlySpan<(G1Point P, G2Point Q)> pairs, bool recurringQ = false)
    {
        var points = new (Fp X, Fp Y)[pairs.Length];
        var lines = new Line[pairs.Length][];
        var count = 0;
        foreach (var (p, q) in pairs)
        {
            if (p.IsInfinity || q.IsInfinity)
            {
                continue; // e(∞, ·) = e(·, ∞) = 1
            }
            points[count] = p.P.ToAffinePublic();
            lines[count++] = G2Point.Base.Equals(q) ? BaseLines.Value
                : recurringQ ? RememberedLinesOf(q.P.ToAffinePublic()) : Lines(q.P.ToAffinePublic());
        }
        var f = Fp12.One;
        var next = 0;
        for (var i = SixUPlus2Naf.Length - 2; i >= 0; i--)
        {
            if (i != SixUPlus2Naf.Length - 2)
            {
                f = Fp12.Sqr(f);
            }
            var steps = SixUPlus2Naf[i] == 0 ? 1 : 2;
            for (var j = 0; j < count; j++)
            {
                for (var k = 0; k < steps; k++)
                {
                    f = MulLine(f, lines[j][next + k], points[j]);
                }
            }
            next += steps;
        }
        for (var j = 0; j < count; j++)
        {
            f = MulLine(f, lines[j][next], points[j]);
            f = MulLine(f, lines[j][next + 1], points[j]);
        }
        return f;
    }

    private static Fp12 MulLine(in Fp12 f, in Line l, in (Fp X, Fp Y) p) =>
        Fp12.MulLine(f, Fp2.MulFp(l.A, p.Y), Fp2.MulFp(l.B, p.X), l.C);

    private static Line[] RememberedLinesOf((Fp2 X, Fp2 Y) q) =>
        RememberedLines.GetOrAdd(new AffineKey(q.X, q.Y), Lines, q);

    /// <summary>An affine twist point as a table key (a field element has one Montgomery form).</summary>
    private readonly record struct AffineKey(Fp2 X, Fp2 Y)
    {
        public bool Equals(AffineKey other) => Fp2.Equal(X, other.X) && Fp2.Equal(Y, other.Y);

        public override int GetHashCode() => HashCode.Combine(X.Re.L0, X.Im.L0, Y.Re.L0, Y.Im.L0);
    }

    /// <summary>Every line of the Miller loop for the affine twist point Q, in the order they are used.</summary>
    private static Line[] Lines((Fp2 X, Fp2 Y) q)
    {
        var lines = new List<Line>(2 * SixUPlus2Naf.Length);
        var negY = Fp2.Neg(q.Y);
        var t = Jacobian<Fp2>.FromAffine(q.X, q.Y);
        for (var i = SixUPlus2Naf.Length - 2; i >= 0; i--)
        {
            lines.Add(DoubleStep(ref t));
            if (SixUPlus2Naf[i] != 0)
            {
                lines.Add(AddStep(ref t, q.X, SixUPlus2Naf[i] > 0 ? q.Y : negY));
            }
        }
        // Q1 = π(Q) and −Q2 = −π²(Q) mapped back onto the twist (x' ↦ x'·ξ^((p−1)/3) etc.).
        var x1 = Fp2.Mul(Fp2.Conjugate(q.X), Fp12.XiToPMinus1Over3);
        var y1 = Fp2.Mul(Fp2.Conjugate(q.Y), Fp12.XiToPMinus1Over2);
        lines.Add(AddStep(ref t, x1, y1));
        lines.Add(AddStep(ref t, Fp2.MulFp(q.X, Fp12.XiToPSquaredMinus1Over3), q.Y));
        return lines.ToArray();
    }

    /// <summary>
    /// T ← 2T and the tangent at T, scaled by 2Y·Z³ (dbl-2009-l):
    /// ℓ = 2YZ³·yP − 3X²Z²·xP·ω + (3X³ − 2Y²)·ω³.
    /// </summary>
    private static Line DoubleStep(ref Jacobian<Fp2> t)
    {
        var a = Fp2.Sqr(t.X);
        var b = Fp2.Sqr(t.Y);
        var c = Fp2.Sqr(b);
        var d = Fp2.Dbl(Fp2.Dbl(Fp2.Mul(t.X, b)));
        var e = Fp2.Add(Fp2.Dbl(a), a);
        var zz = Fp2.Sqr(t.Z);
        var x3 = Fp2.Sub(Fp2.Sqr(e), Fp2.Dbl(d));
        var y3 = Fp2.Sub(Fp2.Mul(e, Fp2.Sub(d, x3)), Fp2.Dbl(Fp2.Dbl(Fp2.Dbl(c))));
        var z3 = Fp2.Dbl(Fp2.Mul(t.Y, t.Z));
        var line = new Line(Fp2.Mul(z3, zz), Fp2.Neg(Fp2.Mul(e, zz)), Fp2.Sub(Fp2.Mul(e, t.X), Fp2.Dbl(b)));
        t = new Jacobian<Fp2>(x3, y3, z3);
        return line;
    }

    /// <summary>
    /// T ← T + Q for an affine Q and the line through T and Q (madd-2007-bl), scaled so that
    /// ℓ = Z3·yP − r·xP·ω + (r·xQ − yQ·Z3)·ω³ with r = 2(yQ·Z³ − Y). When T = −Q this is the vertical line.
    /// </summary>
    private static Line AddStep(ref Jacobian<Fp2> t, in Fp2 xq, in Fp2 yq)
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
        var line = new Line(z3, Fp2.Neg(r), Fp2.Sub(Fp2.Mul(r, xq), Fp2.Mul(yq, z3)));
        t = new Jacobian<Fp2>(x3, y3, z3);
        return line;
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
        var cube = Fp12.Mul(Fp12.CyclotomicSqr(a), a);
        ReadOnlySpan<Fp12> powers = [a, cube, Fp12.Conjugate(a), Fp12.Conjugate(cube)];
        var r = powers[UDigits[^1] >> 1]; // the top digit is positive
        for (var i = UDigits.Length - 2; i >= 0; i--)
        {
            r = Fp12.CyclotomicSqr(r);
            var digit = UDigits[i];
            if (digit != 0)
            {
                // a^|digit| for digit = ±1, ±3, conjugated (inverted) when negative.
                r = Fp12.Mul(r, powers[(digit < 0 ? 2 : 0) + (Math.Abs(digit) >> 1)]);
            }
        }
        return r;
    }
}
