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
    private readonly LatticeSplit split;
    private readonly int windows;
    private readonly Jacobian<T> offset;
    private readonly Jacobian<T> offsetCorrection;

    /// <param name="map">φ on Jacobian coordinates.</param>
    /// <param name="split">k ↦ (k_0, k_1, …), possibly negative, with k ≡ Σ k_j·λ^j (mod n).</param>
    /// <param name="partBits">A bound on the parts' bit length; it fixes the number of signed radix-16 digits.</param>
    /// <param name="offset">
    /// A fixed point R with no known relation to the inputs: the accumulator starts at R instead of at
    /// infinity, so leading zero digits are processed like any other, and [16^digits]R is subtracted at the end.
    /// </param>
    public Endomorphism(Func<Jacobian<T>, Jacobian<T>> map, LatticeSplit split, int partBits, in Jacobian<T> offset)
    {
        this.map = map;
        this.split = split;
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
    /// signed radix-16 digits for every part, tables of 1..8 multiples read by scanning, signs and zero
    /// digits applied by selection, and a fixed-width split (<see cref="LatticeSplit"/>). Not constant
    /// time only where <see cref="Jacobian{T}.AddAffine"/> branches because the accumulator meets ± a table
    /// entry, which happens with negligible probability; the table is built from p alone.
    /// </summary>
    public Jacobian<T> Multiply(in Jacobian<T> p, Scalar k)
    {
        if (p.IsInfinity)
        {
            return Jacobian<T>.Infinity;
        }
        var (digits, signs) = split.Split(k.Limbs);
        var parts = digits.Length;

        // tables[j][i − 1] = i·φ^j(p)·sign(k_j) for i = 1..8, all over one shared Z, i.e. affine on an
        // isomorphic curve where the whole loop runs (no inversion). φ must keep that Z: it does on G1
        // (βX); on G2 ψ conjugates Z, so the shared Z is first made its own norm, which lies in GF(p).
        const int size = 8;
        Span<Jacobian<T>> multiples = stackalloc Jacobian<T>[size + 1];
        Jacobian<T>.BuildTable(p, multiples);
        var images = Jacobian<T>.ToSharedZ(multiples[1..], out var z);
        var mappedZ = map(new Jacobian<T>(T.One, T.One, z)).Z;
        if (!T.Equal(mappedZ, z))
        {
            var c2 = T.Sqr(mappedZ);
            var c3 = T.Mul(c2, mappedZ);
            for (var i = 0; i < size; i++)
            {
                images[i] = (T.Mul(images[i].X, c2), T.Mul(images[i].Y, c3));
            }
            z = T.Mul(z, mappedZ);
        }
        var tables = new (T X, T Y)[parts * size];
        for (var j = 0; j < parts; j++)
        {
            for (var i = 0; i < size; i++)
            {
                var (x, y) = images[i];
                tables[j * size + i] = (x, T.Select(y, T.Neg(y), signs[j]));
                images[i] = j + 1 < parts ? map(Jacobian<T>.FromAffine(x, y)).ToAffine() : images[i];
            }
        }

        var acc = Jacobian<T>.ToIsomorphic(offset, z);
        for (var w = windows - 1; w >= 0; w--)
        {
            acc = Jacobian<T>.Double(Jacobian<T>.Double(Jacobian<T>.Double(Jacobian<T>.Double(acc))));
            for (var j = 0; j < parts; j++)
            {
                acc = Jacobian<T>.AddBoothDigit(acc, tables.AsSpan(j * size, size), Jacobian<T>.BoothBits(digits[j], w));
            }
        }
        return Jacobian<T>.Add(Jacobian<T>.FromIsomorphic(acc, z), offsetCorrection);
    }
}
