namespace Conode.Crypto.Bn256;

/// <summary>
/// Multiplication of a fixed generator by a secret scalar (key generation) with a precomputed comb:
/// table[w][d − 1] = d·16^w·G in affine form for d = 1..8, so k·G = Σ_w d_w·16^w·G over the 65 signed
/// radix-16 digits of k needs no doubling and one mixed addition per digit. Entries are read by scanning,
/// signs and zero digits applied by selection; the accumulator starts at a fixed offset point (subtracted
/// at the end) so it is never infinity.
/// </summary>
internal sealed class FixedBase<T> where T : unmanaged, IField<T>
{
    private const int Windows = 65; // Booth digits cover k < 2^(4·65 − 1), and k < n < 2^256
    private const int Entries = 8;

    private readonly (T X, T Y)[] table;
    private readonly Jacobian<T> offset;

    public FixedBase(in Jacobian<T> generator, in Jacobian<T> offset)
    {
        this.offset = offset;
        var points = new Jacobian<T>[Windows * Entries];
        var b = generator;
        for (var w = 0; w < Windows; w++)
        {
            points[w * Entries] = b;
            for (var d = 1; d < Entries; d++)
            {
                points[w * Entries + d] = Jacobian<T>.Add(points[w * Entries + d - 1], b);
            }
            b = Jacobian<T>.Double(Jacobian<T>.Double(Jacobian<T>.Double(Jacobian<T>.Double(b))));
        }
        table = Jacobian<T>.ToAffineBatch(points);
    }

    public Jacobian<T> Multiply(Scalar k)
    {
        var acc = offset;
        for (var w = 0; w < Windows; w++)
        {
            acc = Jacobian<T>.AddBoothDigit(acc, table.AsSpan(w * Entries, Entries), Jacobian<T>.BoothBits(k.Limbs, w));
        }
        return Jacobian<T>.Add(acc, Jacobian<T>.Neg(offset));
    }
}
