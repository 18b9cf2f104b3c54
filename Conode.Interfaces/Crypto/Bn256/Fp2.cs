using System.Runtime.CompilerServices;

namespace Conode.Crypto.Bn256;

/// <summary>GF(p²) = GF(p)[i]/(i² + 1); the value Re + Im·i.</summary>
internal readonly struct Fp2 : IField<Fp2>
{
    public readonly Fp Re, Im;

    public Fp2(in Fp re, in Fp im)
    {
        Re = re;
        Im = im;
    }

    public static Fp2 Zero => default;
    public static Fp2 One => new(Fp.One, Fp.Zero);

    public bool IsZero => Re.IsZero && Im.IsZero;

    public static bool Equal(in Fp2 a, in Fp2 b) => Fp.Equal(a.Re, b.Re) && Fp.Equal(a.Im, b.Im);

    public static Fp2 Select(in Fp2 a, in Fp2 b, ulong mask) =>
        new(Fp.Select(a.Re, b.Re, mask), Fp.Select(a.Im, b.Im, mask));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 Add(in Fp2 a, in Fp2 b) => new(Fp.Add(a.Re, b.Re), Fp.Add(a.Im, b.Im));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 Sub(in Fp2 a, in Fp2 b) => new(Fp.Sub(a.Re, b.Re), Fp.Sub(a.Im, b.Im));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 Dbl(in Fp2 a) => new(Fp.Dbl(a.Re), Fp.Dbl(a.Im));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 Neg(in Fp2 a) => new(Fp.Neg(a.Re), Fp.Neg(a.Im));

    public static Fp2 Conjugate(in Fp2 a) => new(a.Re, Fp.Neg(a.Im));

    /// <summary>Karatsuba: three base-field products.</summary>
    public static Fp2 Mul(in Fp2 a, in Fp2 b)
    {
        var rr = Fp.Mul(a.Re, b.Re);
        var ii = Fp.Mul(a.Im, b.Im);
        var s = Fp.Mul(Fp.Add(a.Re, a.Im), Fp.Add(b.Re, b.Im));
        return new(Fp.Sub(rr, ii), Fp.Sub(Fp.Sub(s, rr), ii));
    }

    /// <summary>(a + bi)² = (a + b)(a − b) + 2ab·i: two base-field products.</summary>
    public static Fp2 Sqr(in Fp2 a)
    {
        var re = Fp.Mul(Fp.Add(a.Re, a.Im), Fp.Sub(a.Re, a.Im));
        var im = Fp.Mul(a.Re, a.Im);
        return new(re, Fp.Dbl(im));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 MulFp(in Fp2 a, in Fp b) => new(Fp.Mul(a.Re, b), Fp.Mul(a.Im, b));

    /// <summary>Multiplication by ξ = i + 3: (a + bi)(3 + i) = (3a − b) + (a + 3b)i.</summary>
    public static Fp2 MulXi(in Fp2 a)
    {
        var re = Fp.Sub(Fp.Add(Fp.Dbl(a.Re), a.Re), a.Im);
        var im = Fp.Add(Fp.Add(Fp.Dbl(a.Im), a.Im), a.Re);
        return new(re, im);
    }

    /// <summary>1/(a + bi) = (a − bi)/(a² + b²).</summary>
    public static Fp2 Invert(in Fp2 a) => Scale(a, Fp.Invert(Norm(a)));

    /// <summary>As <see cref="Invert"/>, with a variable-time base-field inversion (public values only).</summary>
    public static Fp2 InvertVartime(in Fp2 a) => Scale(a, Fp.InvertVartime(Norm(a)));

    private static Fp Norm(in Fp2 a) => Fp.Add(Fp.Sqr(a.Re), Fp.Sqr(a.Im));

    private static Fp2 Scale(in Fp2 a, in Fp inverseNorm) => new(Fp.Mul(a.Re, inverseNorm), Fp.Neg(Fp.Mul(a.Im, inverseNorm)));

    /// <summary>a^e for a public exponent (set-up only: Frobenius constants).</summary>
    public static Fp2 Pow(in Fp2 a, System.Numerics.BigInteger e)
    {
        var r = One;
        for (var i = (int)e.GetBitLength() - 1; i >= 0; i--)
        {
            r = Sqr(r);
            if (!(e >> i).IsEven)
            {
                r = Mul(r, a);
            }
        }
        return r;
    }

    /// <summary>kyber's layout: imaginary part first, each as 32 big-endian bytes.</summary>
    public void WriteBigEndian(Span<byte> b)
    {
        Im.WriteBigEndian(b[..32]);
        Re.WriteBigEndian(b[32..64]);
    }

    public static Fp2 FromBigEndian(ReadOnlySpan<byte> b) => new(Fp.FromBigEndian(b[32..64]), Fp.FromBigEndian(b[..32]));
}
