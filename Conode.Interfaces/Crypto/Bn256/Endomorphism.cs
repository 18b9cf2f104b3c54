using System.Numerics;

namespace Conode.Crypto.Bn256;

/// <summary>
/// An efficiently computable endomorphism φ of a prime-order group that acts as multiplication by a
/// constant λ, used to split a secret scalar k ≡ k0 + k1·λ (mod n) into two halves of about 128 bits
/// (GLV for G1 with φ(x, y) = (βx, y); for G2 the twisted Frobenius ψ, which acts as p ≡ 6u² mod n).
/// The multiplication then needs half the doublings.
/// </summary>
internal sealed class Endomorphism<T> where T : unmanaged, IField<T>
{
    /// <summary>Signed radix-16 digits covering both halves (they stay below 2^130 ≤ 2^(4·33 − 1)).</summary>
    public const int Windows = 33;

    private readonly Func<Jacobian<T>, Jacobian<T>> map;
    private readonly Func<BigInteger, (BigInteger K0, BigInteger K1)> decompose;
    private readonly Jacobian<T> offset;
    private readonly Jacobian<T> offsetCorrection;

    /// <param name="map">φ on Jacobian coordinates.</param>
    /// <param name="decompose">k ↦ (k0, k1), possibly negative, with k ≡ k0 + k1·λ (mod n).</param>
    /// <param name="offset">
    /// A fixed point R with no known relation to the inputs: the accumulator starts at R instead of at
    /// infinity, so leading zero digits are processed like any other, and [2^132]R is subtracted at the end.
    /// </param>
    public Endomorphism(Func<Jacobian<T>, Jacobian<T>> map, Func<BigInteger, (BigInteger, BigInteger)> decompose, in Jacobian<T> offset)
    {
        this.map = map;
        this.decompose = decompose;
        this.offset = offset;
        var shifted = offset;
        for (var i = 0; i < 4 * Windows; i++)
        {
            shifted = Jacobian<T>.Double(shifted);
        }
        offsetCorrection = Jacobian<T>.Neg(shifted);
    }

    /// <summary>
    /// k·p for a secret k and p in the order-n subgroup. The loop has a fixed shape: 33 signed radix-16
    /// digits per half, tables of 0..8 multiples read by scanning, signs and zero digits applied by selection. Not constant time: the
    /// decomposition uses BigInteger (its timing depends on operand lengths, which vary only slightly),
    /// and <see cref="Jacobian{T}.Add"/> branches if the accumulator meets ± a table entry, which happens
    /// with negligible probability.
    /// </summary>
    public Jacobian<T> Multiply(in Jacobian<T> p, Scalar k)
    {
        if (p.IsInfinity)
        {
            return Jacobian<T>.Infinity;
        }
        var (k0, k1) = decompose(k.ToBigInteger());
        var neg0 = 0UL - (ulong)(k0.Sign >>> 31);
        var neg1 = 0UL - (ulong)(k1.Sign >>> 31);
        var d0 = Fp.Limbs(BigInteger.Abs(k0));
        var d1 = Fp.Limbs(BigInteger.Abs(k1));

        Span<Jacobian<T>> t0 = stackalloc Jacobian<T>[9];
        Span<Jacobian<T>> t1 = stackalloc Jacobian<T>[9];
        Jacobian<T>.BuildTable(Jacobian<T>.Select(p, Jacobian<T>.Neg(p), neg0), t0);
        for (var i = 1; i < t0.Length; i++)
        {
            var image = map(t0[i]);
            t1[i] = Jacobian<T>.Select(image, Jacobian<T>.Neg(image), neg0 ^ neg1);
        }
        t1[0] = t0[0];

        var acc = offset;
        for (var w = Windows - 1; w >= 0; w--)
        {
            acc = Jacobian<T>.Double(Jacobian<T>.Double(Jacobian<T>.Double(Jacobian<T>.Double(acc))));
            acc = Jacobian<T>.AddBoothDigit(acc, t0, Jacobian<T>.BoothBits(d0, w));
            acc = Jacobian<T>.AddBoothDigit(acc, t1, Jacobian<T>.BoothBits(d1, w));
        }
        return Jacobian<T>.Add(acc, offsetCorrection);
    }

    /// <summary>round(a / n) for a possibly negative a (floor of a/n + 1/2).</summary>
    public static BigInteger RoundDiv(BigInteger a, BigInteger n)
    {
        var q = BigInteger.DivRem(2 * a + n, 2 * n, out var r);
        return r.Sign < 0 ? q - 1 : q;
    }
}
