using System.Numerics;

namespace Conode.Crypto.Bn256;

/// <summary>
/// Splits a scalar k into short parts k_j with k ≡ Σ k_j·λ^j (mod n) by Babai rounding against a basis of
/// short vectors v_i (Σ_j v_i[j]·λ^j ≡ 0 mod n): c_i = round(k·w_i) with (w_i) the first row of the inverse
/// basis, and k_j = [j = 0]·k − Σ_i c_i·v_i[j]. The set-up uses BigInteger; <see cref="Split"/> runs a fixed
/// sequence of 64-bit limb operations (every sign it branches on is a public constant), so it does not
/// leak the secret scalar through timing.
/// </summary>
internal sealed class LatticeSplit
{
    private const int Width = 5; // two's-complement limbs of the intermediate sums (|value| < 2^319)

    private readonly ulong[][] weights;      // |round(2^256·w_i)|
    private readonly bool[] weightNegative;
    private readonly ulong[][][] basis;      // |v_i[j]|
    private readonly bool[][] basisNegative;

    public LatticeSplit(BigInteger[][] vectors)
    {
        var m = vectors.Length;
        var det = Determinant(vectors);
        // The first row of the inverse basis is (cofactor(i, 0) / det)_i.
        var w = Enumerable.Range(0, m)
            .Select(i => RoundDiv((i % 2 == 0 ? 1 : -1) * Determinant(Minor(vectors, i, 0)) << 256, det))
            .ToArray();
        weights = w.Select(x => Fp.Limbs(BigInteger.Abs(x))).ToArray();
        weightNegative = w.Select(x => x.Sign < 0).ToArray();
        basis = vectors.Select(v => v.Select(x => Fp.Limbs(BigInteger.Abs(x))).ToArray()).ToArray();
        basisNegative = vectors.Select(v => v.Select(x => x.Sign < 0).ToArray()).ToArray();
    }

    public int Parts => weights.Length;

    /// <summary>
    /// k (four limbs, below n) ↦ for each part its magnitude (four limbs) and an all-ones mask if it is
    /// negative. The rounding of c_i may be off by one, which only lengthens the parts by about a bit.
    /// </summary>
    public (ulong[][] Magnitudes, ulong[] Negative) Split(ReadOnlySpan<ulong> k)
    {
        var m = Parts;
        var parts = new ulong[m][];
        for (var j = 0; j < m; j++)
        {
            parts[j] = new ulong[Width];
        }
        k.CopyTo(parts[0]);
        Span<ulong> product = stackalloc ulong[8];
        Span<ulong> c = stackalloc ulong[4];
        for (var i = 0; i < m; i++)
        {
            // |c_i| = (k·|2^256·w_i| + 2^255) >> 256
            MulLimbs(k, weights[i], product);
            ulong carry = 1UL << 63;
            for (var l = 3; l < 8; l++)
            {
                var s = product[l] + carry;
                carry = s < carry ? 1UL : 0UL;
                product[l] = s;
            }
            product[4..].CopyTo(c);
            for (var j = 0; j < m; j++)
            {
                MulLimbs(c, basis[i][j], product);
                // k_j −= c_i·v_i[j]; the term's sign is that of w_i times that of v_i[j], both public.
                AddOrSubtract(parts[j], product[..Width], subtract: weightNegative[i] == basisNegative[i][j]);
            }
        }
        var magnitudes = new ulong[m][];
        var negative = new ulong[m];
        for (var j = 0; j < m; j++)
        {
            var mask = 0 - (parts[j][Width - 1] >> 63);
            negative[j] = mask;
            // |x| = (x XOR mask) + (mask & 1) in two's complement; |x| < 2^256 fits four limbs.
            magnitudes[j] = new ulong[4];
            var carry = mask & 1;
            for (var l = 0; l < 4; l++)
            {
                var v = (parts[j][l] ^ mask) + carry;
                carry = v < carry ? 1UL : 0UL;
                magnitudes[j][l] = v;
            }
        }
        return (magnitudes, negative);
    }

    /// <summary>BigInteger view of <see cref="Split(ReadOnlySpan{ulong})"/> (public exponents, tests).</summary>
    public BigInteger[] Split(BigInteger k)
    {
        var (magnitudes, negative) = Split(Fp.Limbs(k));
        return magnitudes.Select((x, j) =>
        {
            var v = new BigInteger(System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()), isUnsigned: true);
            return negative[j] != 0 ? -v : v;
        }).ToArray();
    }

    /// <summary>r = a·b for four-limb a and b (schoolbook, fixed loop bounds).</summary>
    private static void MulLimbs(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> r)
    {
        r.Clear();
        for (var i = 0; i < 4; i++)
        {
            ulong carry = 0;
            for (var j = 0; j < 4; j++)
            {
                var hi = Math.BigMul(a[i], b[j], out var lo);
                lo += carry;
                hi += lo < carry ? 1UL : 0UL;
                var s = r[i + j] + lo;
                hi += s < lo ? 1UL : 0UL;
                r[i + j] = s;
                carry = hi;
            }
            r[i + 4] = carry;
        }
    }

    private static void AddOrSubtract(Span<ulong> x, ReadOnlySpan<ulong> y, bool subtract)
    {
        ulong carry = 0;
        for (var l = 0; l < x.Length; l++)
        {
            if (subtract)
            {
                var d = x[l] - y[l];
                var b1 = x[l] < y[l] ? 1UL : 0UL;
                var r = d - carry;
                carry = b1 | (d < carry ? 1UL : 0UL);
                x[l] = r;
            }
            else
            {
                var s = x[l] + y[l];
                var c1 = s < y[l] ? 1UL : 0UL;
                var r = s + carry;
                carry = c1 | (r < carry ? 1UL : 0UL);
                x[l] = r;
            }
        }
    }

    /// <summary>round(a / d) for possibly negative a and d.</summary>
    private static BigInteger RoundDiv(BigInteger a, BigInteger d)
    {
        if (d.Sign < 0)
        {
            (a, d) = (-a, -d);
        }
        var q = BigInteger.DivRem(2 * a + d, 2 * d, out var r);
        return r.Sign < 0 ? q - 1 : q;
    }

    private static BigInteger[][] Minor(BigInteger[][] a, int row, int column) =>
        a.Where((_, i) => i != row).Select(r => r.Where((_, j) => j != column).ToArray()).ToArray();

    private static BigInteger Determinant(BigInteger[][] a) =>
        a.Length == 1 ? a[0][0]
            : Enumerable.Range(0, a.Length).Aggregate(BigInteger.Zero,
                (sum, c) => sum + (c % 2 == 0 ? 1 : -1) * a[0][c] * Determinant(Minor(a, 0, c)));
}
