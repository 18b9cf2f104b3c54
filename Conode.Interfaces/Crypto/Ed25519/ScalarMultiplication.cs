namespace Conode.Crypto.Ed25519;

/// <summary>
/// Scalar multiplication on the curve. <see cref="MultiplyBase"/> and <see cref="Multiply"/> are constant time
/// (secret scalars: key generation, signing nonces, Diffie–Hellman-style uses);
/// <see cref="DoubleMultiplyBaseVartime"/> is not and must only see public scalars (signature verification).
/// Scalars are 32 little-endian bytes below 2^255 (every reduced scalar is).
/// </summary>
internal static class ScalarMultiplication
{
    // BaseTable[j][k] = (k+1)·256^j·B: one row per pair of radix-16 digits.
    private static readonly AffineNielsPoint[][] BaseTable = BuildBaseTable();

    // Odd multiples B, 3B, …, 127B for the width-8 NAF of the base point scalar in verification.
    private const int BaseNafWidth = 8;
    private static readonly AffineNielsPoint[] BaseOddMultiples = BuildBaseOddMultiples();

    // Width-5 NAF for the variable point: odd multiples P, 3P, …, 15P.
    private const int PointNafWidth = 5;

    public static ExtendedPoint BasePoint { get; } = DecodeBasePoint();

    /// <summary>s·B in constant time: 64 signed radix-16 digits, 64 mixed additions, 4 doublings.</summary>
    public static ExtendedPoint MultiplyBase(ReadOnlySpan<byte> scalar)
    {
        Span<sbyte> digits = stackalloc sbyte[64];
        ToSignedRadix16(scalar, digits);
        // s·B = 16·Σ d[2j+1]·256^j·B + Σ d[2j]·256^j·B, each term read from row j of the table.
        var sum = ExtendedPoint.Identity;
        for (var i = 1; i < 64; i += 2)
        {
            sum = ExtendedPoint.Add(sum, SelectBaseMultiple(BaseTable[i / 2], digits[i])).ToExtended();
        }
        sum = sum.ToProjective().DoubleTimes(4).ToExtended();
        for (var i = 0; i < 64; i += 2)
        {
            sum = ExtendedPoint.Add(sum, SelectBaseMultiple(BaseTable[i / 2], digits[i])).ToExtended();
        }
        return sum;
    }

    /// <summary>s·P in constant time: fixed radix-16 window over a table of P … 8P.</summary>
    public static ExtendedPoint Multiply(in ExtendedPoint point, ReadOnlySpan<byte> scalar)
    {
        Span<sbyte> digits = stackalloc sbyte[64];
        ToSignedRadix16(scalar, digits);
        var multiples = new CachedPoint[8];
        multiples[0] = point.ToCached();
        var double2 = point.Double().ToExtended();
        multiples[1] = double2.ToCached();
        for (var k = 2; k < 8; k++)
        {
            multiples[k] = ExtendedPoint.Add(double2, multiples[k - 2]).ToExtended().ToCached();
        }
        var sum = ExtendedPoint.Add(ExtendedPoint.Identity, SelectMultiple(multiples, digits[63])).ToExtended();
        for (var i = 62; i >= 0; i--)
        {
            sum = sum.ToProjective().DoubleTimes(4).ToExtended();
            sum = ExtendedPoint.Add(sum, SelectMultiple(multiples, digits[i])).ToExtended();
        }
        return sum;
    }

    /// <summary>
    /// a·A + b·B with sliding windows (NAF). NOT constant time: branches and table indices follow the bits
    /// of a and b, which is fine for verification where both are public.
    /// </summary>
    public static ProjectivePoint DoubleMultiplyBaseVartime(ReadOnlySpan<byte> a, in ExtendedPoint point, ReadOnlySpan<byte> b)
    {
        Span<sbyte> nafA = stackalloc sbyte[256];
        Span<sbyte> nafB = stackalloc sbyte[256];
        ToNaf(a, PointNafWidth, nafA);
        ToNaf(b, BaseNafWidth, nafB);

        var oddMultiples = new CachedPoint[1 << (PointNafWidth - 2)];
        oddMultiples[0] = point.ToCached();
        var double2 = point.Double().ToExtended();
        for (var k = 1; k < oddMultiples.Length; k++)
        {
            oddMultiples[k] = ExtendedPoint.Add(double2, oddMultiples[k - 1]).ToExtended().ToCached();
        }

        var top = 255;
        while (top >= 0 && nafA[top] == 0 && nafB[top] == 0)
        {
            top--;
        }
        var result = ExtendedPoint.Identity.ToProjective();
        for (var i = top; i >= 0; i--)
        {
            var doubled = result.Double();
            if (nafA[i] != 0)
            {
                var entry = oddMultiples[Math.Abs(nafA[i]) / 2];
                doubled = ExtendedPoint.Add(doubled.ToExtended(), nafA[i] > 0 ? entry : entry.Negate());
            }
            if (nafB[i] != 0)
            {
                var entry = BaseOddMultiples[Math.Abs(nafB[i]) / 2];
                doubled = ExtendedPoint.Add(doubled.ToExtended(), nafB[i] > 0 ? entry : entry.Negate());
            }
            result = doubled.ToProjective();
        }
        return result;
    }

    /// <summary>Digits d[i] in [−8, 8] with s = Σ d[i]·16^i, computed without branches.</summary>
    private static void ToSignedRadix16(ReadOnlySpan<byte> scalar, Span<sbyte> digits)
    {
        for (var i = 0; i < 32; i++)
        {
            digits[2 * i] = (sbyte)(scalar[i] & 15);
            digits[2 * i + 1] = (sbyte)(scalar[i] >> 4);
        }
        var carry = 0;
        for (var i = 0; i < 63; i++)
        {
            var digit = digits[i] + carry;
            carry = (digit + 8) >> 4;
            digits[i] = (sbyte)(digit - (carry << 4));
        }
        digits[63] += (sbyte)carry;
    }

    /// <summary>Width-w non-adjacent form: odd digits in (−2^(w−1), 2^(w−1)), any two nonzero digits at least w apart.</summary>
    private static void ToNaf(ReadOnlySpan<byte> scalar, int width, Span<sbyte> naf)
    {
        // One spare zero limb so a window starting near bit 255 can read past the end.
        Span<ulong> limbs = stackalloc ulong[5];
        ScalarArithmetic.Load(scalar, limbs);
        limbs[4] = 0;
        naf.Clear();
        var windowMask = (1UL << width) - 1;
        var half = 1UL << (width - 1);
        ulong carry = 0;
        var position = 0;
        while (position < 256)
        {
            var limb = position / 64;
            var window = (ulong)((new UInt128(limbs[limb + 1], limbs[limb]) >> (position % 64)) & windowMask) + carry;
            if ((window & 1) == 0)
            {
                // Bit is 0 (a pending carry on a 1 bit moves on unchanged).
                position++;
                continue;
            }
            var digit = window < half ? (long)window : (long)window - (1L << width);
            naf[position] = (sbyte)digit;
            carry = window < half ? 0UL : 1UL;
            position += width;
        }
    }

    private static AffineNielsPoint SelectBaseMultiple(AffineNielsPoint[] row, sbyte digit)
    {
        var negative = (ulong)(digit >> 7) & 1;
        var magnitude = (digit ^ -(int)negative) + (int)negative;
        var selected = AffineNielsPoint.Identity;
        for (var k = 0; k < 8; k++)
        {
            selected = AffineNielsPoint.Select(selected, row[k], EqualMask(magnitude, k + 1));
        }
        return AffineNielsPoint.Select(selected, selected.Negate(), 0 - negative);
    }

    private static CachedPoint SelectMultiple(CachedPoint[] multiples, sbyte digit)
    {
        var negative = (ulong)(digit >> 7) & 1;
        var magnitude = (digit ^ -(int)negative) + (int)negative;
        var selected = CachedPoint.Identity;
        for (var k = 0; k < 8; k++)
        {
            selected = CachedPoint.Select(selected, multiples[k], EqualMask(magnitude, k + 1));
        }
        return CachedPoint.Select(selected, selected.Negate(), 0 - negative);
    }

    // All ones when a == b (both small non-negative), else 0, without a comparison branch.
    private static ulong EqualMask(int a, int b) => 0 - (ulong)(((uint)(a ^ b) - 1) >> 31);

    private static ExtendedPoint DecodeBasePoint()
    {
        Span<byte> encoding = stackalloc byte[32];
        encoding.Fill(0x66);
        encoding[0] = 0x58; // y = 4/5, x positive (RFC 8032 §5.1)
        ExtendedPoint.TryDecode(encoding, out var basePoint);
        return basePoint;
    }

    private static AffineNielsPoint[][] BuildBaseTable()
    {
        var table = new AffineNielsPoint[32][];
        var rowBase = DecodeBasePoint();
        for (var j = 0; j < 32; j++)
        {
            table[j] = new AffineNielsPoint[8];
            var cached = rowBase.ToCached();
            var multiple = rowBase;
            for (var k = 0; k < 8; k++)
            {
                table[j][k] = AffineNielsPoint.FromExtended(multiple);
                multiple = ExtendedPoint.Add(multiple, cached).ToExtended();
            }
            rowBase = rowBase.ToProjective().DoubleTimes(8).ToExtended();
        }
        return table;
    }

    private static AffineNielsPoint[] BuildBaseOddMultiples()
    {
        var basePoint = DecodeBasePoint();
        var double2 = basePoint.Double().ToExtended().ToCached();
        var multiples = new AffineNielsPoint[1 << (BaseNafWidth - 2)];
        var multiple = basePoint;
        for (var k = 0; k < multiples.Length; k++)
        {
            multiples[k] = AffineNielsPoint.FromExtended(multiple);
            multiple = ExtendedPoint.Add(multiple, double2).ToExtended();
        }
        return multiples;
    }
}
