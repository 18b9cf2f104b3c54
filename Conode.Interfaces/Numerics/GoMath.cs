namespace Conode.Numerics;

/// <summary>
/// Go's math.Log, math.Exp and math.Pow with Go 1.19/amd64's exact results, and Go's float-to-int conversion.
/// Skipchain cosigners recompute link levels from these doubles and refuse links whose level comes out differently
/// (cothority-services.md §6.13), so "an accurate log" is not enough: the results must be the same bits. .NET's
/// Math.Log/Math.Exp come from the C library, which differs from Go by an ulp in places (base-3 levels).
/// </summary>
/// <remarks>
/// <para>Log is fdlibm's algorithm, which Go's math/log.go and its amd64 assembly both compute: write
/// x = 2^k·(1+f) with √2/2 ≤ 1+f &lt; √2, s = f/(2+f); then ln(1+f) = f − f²/2 + s·(f²/2 + R(s²)) with R a degree-7
/// minimax polynomial in s², and ln x = k·ln2_hi − ((f²/2 − (s·(f²/2 + R) + k·ln2_lo)) − f), ln 2 split so that
/// k·ln2_hi is exact. The order of the operations is part of the result.</para>
/// <para>Exp is the method of Go's amd64 assembly (after N. Shibata, ISC'10): x = k·ln2 + r with k the nearest
/// integer to x/ln2, r/16 fed to the Taylor series of eᵗ − 1 up to t⁸/8!, the result squared back four times through
/// eᵗ − 1 ↦ (eᵗ − 1)(eᵗ − 1 + 2), plus 1, times 2^k. Go takes fused multiply-adds when the CPU has them (every x86-64
/// CPU since 2013) and plain ones otherwise, which changes some results; this port always fuses, as Go does on the
/// machines the spec's vectors come from. Math.FusedMultiplyAdd is exact on every .NET platform.</para>
/// </remarks>
public static class GoMath
{
    // ln 2 = Ln2Hi + Ln2Lo, Ln2Hi with its low 32 bits zero so that k·Ln2Hi is exact for |k| < 2^20.
    private static readonly double Ln2Hi = BitConverter.Int64BitsToDouble(0x3fe62e42fee00000);
    private static readonly double Ln2Lo = BitConverter.Int64BitsToDouble(0x3dea39ef35793c76);

    // fdlibm's minimax coefficients of R(z) ≈ Lg1·z + Lg2·z² + … + Lg7·z⁷ (z = s²).
    private static readonly double Lg1 = BitConverter.Int64BitsToDouble(0x3fe5555555555593);
    private static readonly double Lg2 = BitConverter.Int64BitsToDouble(0x3fd999999997fa04);
    private static readonly double Lg3 = BitConverter.Int64BitsToDouble(0x3fd2492494229359);
    private static readonly double Lg4 = BitConverter.Int64BitsToDouble(0x3fcc71c51d8e78af);
    private static readonly double Lg5 = BitConverter.Int64BitsToDouble(0x3fc7466496cb03de);
    private static readonly double Lg6 = BitConverter.Int64BitsToDouble(0x3fc39a09d078c69f);
    private static readonly double Lg7 = BitConverter.Int64BitsToDouble(0x3fc2f112df3e5244);

    private const double HalfSqrt2 = 0.70710678118654752440;
    private const long MantissaMask = 0x000fffffffffffff;
    private const long OneHalfBits = 0x3fe0000000000000;

    // Exp: ln 2 split into an upper part with 32 significant bits and the rest; 1/ln 2; the largest argument Go
    // does not send straight to +Inf.
    private const double Ln2Upper = 0.69314718055966295651160180568695068359375;
    private const double Ln2Lower = 0.28235290563031577122588448175013436025525412068e-12;
    private const double Log2E = 1.4426950408889634073599246810018920;
    private const double ExpOverflow = 7.09782712893384e+02;

    private const double TwoTo63 = 9223372036854775808.0;

    /// <summary>Go's math.Log on amd64: NaN for x &lt; 0 or NaN, −∞ for ±0, +∞ for +∞.</summary>
    public static double Log(double x)
    {
        if (double.IsNaN(x) || double.IsPositiveInfinity(x))
        {
            return x;
        }
        if (x < 0)
        {
            return double.NaN;
        }
        if (x == 0)
        {
            return double.NegativeInfinity;
        }
        // Go's amd64 assembly reads the exponent field as is: for a subnormal x this is not ln x (pure Go would
        // normalise first), but it is what Go/amd64 returns.
        var bits = BitConverter.DoubleToInt64Bits(x);
        var fraction = BitConverter.Int64BitsToDouble((bits & MantissaMask) | OneHalfBits);
        var exponent = (int)(bits >> 52) - 0x3fe;
        if (fraction < HalfSqrt2)
        {
            fraction *= 2;
            exponent--;
        }
        var f = fraction - 1;
        double k = exponent;
        var s = f / (2 + f);
        var s2 = s * s;
        var s4 = s2 * s2;
        var odd = s2 * (Lg1 + s4 * (Lg3 + s4 * (Lg5 + s4 * Lg7)));
        var even = s4 * (Lg2 + s4 * (Lg4 + s4 * Lg6));
        var r = odd + even;
        var halfSquare = 0.5 * f * f;
        return k * Ln2Hi - ((halfSquare - (s * (halfSquare + r) + k * Ln2Lo)) - f);
    }

    /// <summary>Go's math.Exp on amd64 (with FMA): 0 for −∞, +∞ above 709.78 and wherever 2^k overflows.</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x) || double.IsPositiveInfinity(x))
        {
            return x;
        }
        if (double.IsNegativeInfinity(x))
        {
            return 0;
        }
        if (x > ExpOverflow)
        {
            return double.PositiveInfinity;
        }
        // The CPU's double → int32 conversion: nearest, ties to even, and int.MinValue when out of range.
        var nearest = Math.Round(x * Log2E, MidpointRounding.ToEven);
        var k = nearest >= int.MinValue ? (int)nearest : int.MinValue;
        var t = Math.FusedMultiplyAdd(-k, Ln2Upper, x);
        t = Math.FusedMultiplyAdd(-k, Ln2Lower, t) * 0.0625;
        // eᵗ − 1 = t·(1 + t/2! + t²/3! + … + t⁷/8!), Horner's rule with fused steps.
        var series = 1.0 / 40320;
        foreach (var coefficient in (ReadOnlySpan<double>)[1.0 / 5040, 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1.0])
        {
            series = Math.FusedMultiplyAdd(series, t, coefficient);
        }
        var expMinusOne = t * series;
        for (var i = 0; i < 3; i++)
        {
            expMinusOne *= expMinusOne + 2;
        }
        return TimesPowerOfTwo(Math.FusedMultiplyAdd(expMinusOne + 2, expMinusOne, 1), k);
    }

    /// <summary>y·2^k the way Go's Exp assembles it: one product, or two (2^(k+1022) then 2^−1022) into subnormals.</summary>
    private static double TimesPowerOfTwo(double y, int k)
    {
        var biased = k + 1023;
        if (biased >= 0x7ff)
        {
            return double.PositiveInfinity;
        }
        if (biased > 0)
        {
            return y * BitConverter.Int64BitsToDouble((long)biased << 52);
        }
        if (biased < -52)
        {
            return 0;
        }
        return y * BitConverter.Int64BitsToDouble((long)(biased + 0x3fe) << 52) * BitConverter.Int64BitsToDouble(1L << 52);
    }

    /// <summary>
    /// Go's math.Pow for a finite base x &gt; 0 and a finite exponent (what the skipchain needs: n^(1/3)):
    /// x^y = e^(yf·ln x) · x^yi with yi the integer part of |y| and |yf| ≤ 1/2 the rest (yf − 1 when it exceeds 1/2),
    /// x^yi by exact repeated squaring of x's mantissa with its exponent kept apart, the reciprocal for y &lt; 0.
    /// Because e^(ln x / 3) is rounded, perfect cubes often come out one ulp short (8^(1/3) = 1.9999999999999998).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">x is not finite and positive, or y is not finite.</exception>
    public static double Pow(double x, double y)
    {
        if (!double.IsFinite(x) || x <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "only finite positive bases are supported");
        }
        if (!double.IsFinite(y))
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, "only finite exponents are supported");
        }
        switch (y)
        {
            case 0:
                return 1;
            case 1:
                return x;
            case 0.5:
                return Math.Sqrt(x);
            case -0.5:
                return 1 / Math.Sqrt(x);
        }
        if (x == 1)
        {
            return 1;
        }
        var integerPart = Math.Truncate(Math.Abs(y));
        var fractionalPart = Math.Abs(y) - integerPart;
        if (integerPart >= TwoTo63)
        {
            // A huge even power: it overflows or vanishes.
            return x < 1 == y > 0 ? 0 : double.PositiveInfinity;
        }
        var mantissaProduct = 1.0;
        var exponentSum = 0;
        if (fractionalPart != 0)
        {
            if (fractionalPart > 0.5)
            {
                fractionalPart--;
                integerPart++;
            }
            mantissaProduct = Exp(fractionalPart * Log(x));
        }
        var (mantissa, exponent) = Frexp(x);
        for (var bits = (long)integerPart; bits != 0; bits >>= 1)
        {
            if (exponent < -(1 << 12) || exponent > 1 << 12)
            {
                // Over- or underflows anyway: let the final scaling decide.
                exponentSum += exponent;
                break;
            }
            if ((bits & 1) == 1)
            {
                mantissaProduct *= mantissa;
                exponentSum += exponent;
            }
            mantissa *= mantissa;
            exponent <<= 1;
            if (mantissa < 0.5)
            {
                mantissa += mantissa;
                exponent--;
            }
        }
        if (y < 0)
        {
            mantissaProduct = 1 / mantissaProduct;
            exponentSum = -exponentSum;
        }
        return Math.ScaleB(mantissaProduct, exponentSum);
    }

    /// <summary>
    /// Go's <c>int(x)</c> for a float64 on amd64: truncation toward zero, and the "integer indefinite" value
    /// (long.MinValue) for NaN, ±∞ and anything outside the int64 range — where .NET would saturate instead.
    /// </summary>
    public static long ToInt64(double x) =>
        x is >= -TwoTo63 and < TwoTo63 ? (long)x : long.MinValue;

    /// <summary>x = fraction·2^exponent with 0.5 ≤ |fraction| &lt; 1, for finite non-zero x (subnormals included).</summary>
    private static (double Fraction, int Exponent) Frexp(double x)
    {
        var exponent = Math.ILogB(x) + 1;
        return (Math.ScaleB(x, -exponent), exponent);
    }
}
