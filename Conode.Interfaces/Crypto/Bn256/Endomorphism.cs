using System.Numerics;

namespace Conode.Crypto.Bn256;

/// <summary>
/// An efficiently computable endomorphism φ of a prime-order group that acts as multiplication by a
/// constant λ, used to split a secret scalar k ≡ Σ k_j·λ^j (mod n) into short parts (GLV on G1 with
/// φ(x, y) = (βx, y): two parts of ~128 bits; GLS on G2 with the twisted Frobenius ψ, which acts as
/// p ≡ 6u² mod n: four parts of ~65 bits). The multiplication then needs 1/2 or 1/4 of the doublings.
/// </summary>
internal sealed class Endomorphism<T> where T : unmanaged, IField<T>
{
    private readonly Func<Jacobian<T>, Jacobian<T>> map;
    private readonly Func<BigInteger, BigInteger[]> decompose;
    private readonly int windows;
    private readonly Jacobian<T> offset;
    private readonly Jacobian<T> offsetCorrection;

    /// <param name="map">φ on Jacobian coordinates.</param>
    /// <param name="decompose">k ↦ (k_0, k_1, …), possibly negative, with k ≡ Σ k_j·λ^j (mod n).</param>
    /// <param name="partBits">A bound on the parts' bit length; it fixes the number of signed radix-16 digits.</param>
    /// <param name="offset">
    /// A fixed point R with no known relation to the inputs: the accumulator starts at R instead of at
    /// infinity, so leading zero digits are processed like any other, and [16^digits]R is subtracted at the end.
    /// </param>
    public Endomorphism(Func<Jacobian<T>, Jacobian<T>> map, Func<BigInteger, BigInteger[]> decompose, int partBits, in Jacobian<T> offset)
    {
        this.map = map;
        this.decompose = decompose;
        // Booth digits represent |k| < 2^(4·windows − 1).
        windows = (partBits + 4) / 4;
        this.offset = offset;
        var shifted = offset;
        for (var i = 0; i < 4 * windows; i++)
        {
            shifted = Jacobian<T>.Double(shifted);
        }
        offsetCorrection = Jacobian<T>.Neg(shifted);
    }

    /// <summary>
    /// k·p for a secret k and p in the order-n subgroup. The loop has a fixed shape: the same number of
    /// signed radix-16 digits for every part, affine tables of 1..8 multiples read by scanning, signs and zero
    /// digits applied by selection. Not constant time: the decomposition uses BigInteger (its timing
    /// depends on operand lengths, which vary only slightly), and <see cref="Jacobian{T}.Add"/> branches if
    /// the accumulator meets ± a table entry, which happens with negligible probability.
    /// </summary>
    public Jacobian<T> Multiply(in Jacobian<T> p, Scalar k)
    {
        if (p.IsInfinity)
        {
            return Jacobian<T>.Infinity;
        }
        var parts = decompose(k.ToBigInteger());
        var signs = parts.Select(x => 0UL - (ulong)(x.Sign >>> 31)).ToArray();
        var digits = parts.Select(x => Fp.Limbs(BigInteger.Abs(x))).ToArray();

        // tables[j][i − 1] = i·φ^j(p)·sign(k_j) in affine form for i = 1..8. φ keeps Z (βX on G1; on G2
        // ψ conjugates Z, and 1 stays 1), so one batch inversion makes every table affine.
        const int size = 8;
        Span<Jacobian<T>> multiples = stackalloc Jacobian<T>[size + 1];
        Jacobian<T>.BuildTable(p, multiples);
        var images = Jacobian<T>.ToAffineBatch(multiples[1..]);
        var tables = new (T X, T Y)[parts.Length * size];
        for (var j = 0; j < parts.Length; j++)
        {
            for (var i = 0; i < size; i++)
            {
                var (x, y) = images[i];
                tables[j * size + i] = (x, T.Select(y, T.Neg(y), signs[j]));
                images[i] = j + 1 < parts.Length ? map(Jacobian<T>.FromAffine(x, y)).ToAffine() : images[i];
            }
        }

        var acc = offset;
        for (var w = windows - 1; w >= 0; w--)
        {
            acc = Jacobian<T>.Double(Jacobian<T>.Double(Jacobian<T>.Double(Jacobian<T>.Double(acc))));
            for (var j = 0; j < parts.Length; j++)
            {
                acc = Jacobian<T>.AddBoothDigit(acc, tables.AsSpan(j * size, size), Jacobian<T>.BoothBits(digits[j], w));
            }
        }
        return Jacobian<T>.Add(acc, offsetCorrection);
    }

    /// <summary>round(a / d) for possibly negative a and d.</summary>
    public static BigInteger RoundDiv(BigInteger a, BigInteger d)
    {
        if (d.Sign < 0)
        {
            (a, d) = (-a, -d);
        }
        var q = BigInteger.DivRem(2 * a + d, 2 * d, out var r);
        return r.Sign < 0 ? q - 1 : q;
    }

    /// <summary>
    /// Babai rounding against a basis of short vectors v_i with Σ_j v_i[j]·λ^j ≡ 0 (mod n): writes
    /// (k, 0, …, 0) ≈ Σ c_i·v_i with c = round(k·(first row of the inverse basis)) and returns the remainder.
    /// </summary>
    public static Func<BigInteger, BigInteger[]> Babai(BigInteger[][] basis)
    {
        var m = basis.Length;
        var det = Determinant(basis);
        // The first row of basis⁻¹ is (cofactor(i, 0) / det)_i.
        var cofactors = Enumerable.Range(0, m).Select(i => (i % 2 == 0 ? 1 : -1) * Determinant(Minor(basis, i, 0))).ToArray();
        return k =>
        {
            var parts = new BigInteger[m];
            parts[0] = k;
            for (var i = 0; i < m; i++)
            {
                var c = RoundDiv(k * cofactors[i], det);
                for (var j = 0; j < m; j++)
                {
                    parts[j] -= c * basis[i][j];
                }
            }
            return parts;
        };
    }

    private static BigInteger[][] Minor(BigInteger[][] a, int row, int column) =>
        a.Where((_, i) => i != row).Select(r => r.Where((_, j) => j != column).ToArray()).ToArray();

    private static BigInteger Determinant(BigInteger[][] a) =>
        a.Length == 1 ? a[0][0]
            : Enumerable.Range(0, a.Length).Aggregate(BigInteger.Zero,
                (sum, c) => sum + (c % 2 == 0 ? 1 : -1) * a[0][c] * Determinant(Minor(a, 0, c)));
}
