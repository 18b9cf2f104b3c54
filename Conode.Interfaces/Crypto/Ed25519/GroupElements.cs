using static Conode.Crypto.Ed25519.FieldElement;

namespace Conode.Crypto.Ed25519;

// Point representations on −x² + y² = 1 + d·x²·y² (Hisil–Wong–Carter–Dawson formulas for a = −1).
// Additions and doublings produce a CompletedPoint; converting it to projective (3 mul) is enough before
// another doubling, to extended (4 mul) before an addition.

/// <summary>Extended coordinates: x = X/Z, y = Y/Z, x·y = T/Z.</summary>
internal readonly struct ExtendedPoint(FieldElement x, FieldElement y, FieldElement z, FieldElement t)
{
    public readonly FieldElement X = x, Y = y, Z = z, T = t;

    public static ExtendedPoint Identity => new(Zero, One, One, Zero);

    /// <summary>
    /// Decodes like Go kyber (ref10): y ≥ p is taken mod p and x = 0 with the sign bit set gives x = 0.
    /// Branches on whether the encoding is valid: not constant time, encodings are public.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoding, out ExtendedPoint point)
    {
        var y = FromBytes(encoding);
        var yy = Square(y);
        var u = Sub(yy, One);
        var v = FieldElement.Add(Mul(yy, D), One);
        // x = u·v³·(u·v⁷)^((p−5)/8) is a square root of u/v when one exists, possibly off by a factor √−1.
        var v3 = Mul(Square(v), v);
        var x = Mul(Mul(u, v3), Pow22523(Mul(u, Mul(Square(v3), v))));
        var vxx = Mul(Square(x), v);
        if (!FieldElement.AreEqual(vxx, u))
        {
            if (!FieldElement.AreEqual(vxx, Neg(u)))
            {
                point = default;
                return false;
            }
            x = Mul(x, SqrtMinusOne);
        }
        if (x.IsNegative != (encoding[31] >> 7 == 1))
        {
            x = Neg(x);
        }
        point = new ExtendedPoint(x, y, One, Mul(x, y));
        return true;
    }

    public void Encode(Span<byte> output)
    {
        var zInverse = Invert(Z);
        var x = Mul(X, zInverse);
        Mul(Y, zInverse).ToBytes(output);
        output[31] |= (byte)(x.IsNegative ? 0x80 : 0);
    }

    public ProjectivePoint ToProjective() => new(X, Y, Z);

    public CachedPoint ToCached() => new(FieldElement.Add(Y, X), Sub(Y, X), Z, Mul(T, D2));

    public ExtendedPoint Negate() => new(Neg(X), Y, Z, Neg(T));

    public CompletedPoint Double() => ToProjective().Double();

    public static CompletedPoint Add(in ExtendedPoint p, in CachedPoint q)
    {
        var a = Mul(Sub(p.Y, p.X), q.YMinusX);
        var b = Mul(FieldElement.Add(p.Y, p.X), q.YPlusX);
        var c = Mul(p.T, q.T2D);
        var zz = Mul(p.Z, q.Z);
        var d = FieldElement.Add(zz, zz);
        return new(Sub(b, a), FieldElement.Add(b, a), FieldElement.Add(d, c), Sub(d, c));
    }

    public static CompletedPoint Add(in ExtendedPoint p, in AffineNielsPoint q)
    {
        var a = Mul(Sub(p.Y, p.X), q.YMinusX);
        var b = Mul(FieldElement.Add(p.Y, p.X), q.YPlusX);
        var c = Mul(p.T, q.XY2D);
        var d = FieldElement.Add(p.Z, p.Z);
        return new(Sub(b, a), FieldElement.Add(b, a), FieldElement.Add(d, c), Sub(d, c));
    }

    /// <summary>Group equality without inverting Z (equal points have equal encodings and vice versa).</summary>
    public static bool AreEqual(in ExtendedPoint p, in ExtendedPoint q) =>
        ProjectivePoint.AreEqual(p.ToProjective(), q.ToProjective());

    /// <summary>True when 8·P is the identity, i.e. P is one of the 8 points of order dividing 8.</summary>
    public bool HasSmallOrder()
    {
        var p8 = Double().ToProjective().Double().ToProjective().Double().ToProjective();
        return p8.X.IsZero && FieldElement.AreEqual(p8.Y, p8.Z);
    }
}

/// <summary>Projective coordinates (x = X/Z, y = Y/Z); all a doubling needs.</summary>
internal readonly struct ProjectivePoint(FieldElement x, FieldElement y, FieldElement z)
{
    public readonly FieldElement X = x, Y = y, Z = z;

    /// <summary>Group equality without inverting Z.</summary>
    public static bool AreEqual(in ProjectivePoint p, in ProjectivePoint q) =>
        FieldElement.AreEqual(Mul(p.X, q.Z), Mul(q.X, p.Z)) && FieldElement.AreEqual(Mul(p.Y, q.Z), Mul(q.Y, p.Z));

    public CompletedPoint Double()
    {
        var xx = Square(X);
        var yy = Square(Y);
        var zz = Square(Z);
        var h = Add(xx, yy);
        var g = Sub(xx, yy);
        return new(Sub(h, Square(Add(X, Y))), h, g, FieldElement.Add(Add(zz, zz), g));
    }

    /// <summary>Doubles <paramref name="times"/> times (times ≥ 1).</summary>
    public CompletedPoint DoubleTimes(int times)
    {
        var result = Double();
        for (var i = 1; i < times; i++)
        {
            result = result.ToProjective().Double();
        }
        return result;
    }
}

/// <summary>"Completed" coordinates: x = X/Z, y = Y/T.</summary>
internal readonly struct CompletedPoint(FieldElement x, FieldElement y, FieldElement z, FieldElement t)
{
    public readonly FieldElement X = x, Y = y, Z = z, T = t;

    public ProjectivePoint ToProjective() => new(Mul(X, T), Mul(Y, Z), Mul(Z, T));

    public ExtendedPoint ToExtended() => new(Mul(X, T), Mul(Y, Z), Mul(Z, T), Mul(X, Y));
}

/// <summary>A point prepared as the second operand of an addition: (Y+X, Y−X, Z, 2d·T).</summary>
internal readonly struct CachedPoint(FieldElement yPlusX, FieldElement yMinusX, FieldElement z, FieldElement t2d)
{
    public readonly FieldElement YPlusX = yPlusX, YMinusX = yMinusX, Z = z, T2D = t2d;

    public static CachedPoint Identity => new(One, One, One, Zero);

    public CachedPoint Negate() => new(YMinusX, YPlusX, Z, Neg(T2D));

    /// <summary>Constant time: <paramref name="a"/> when mask is 0, <paramref name="b"/> when it is all ones.</summary>
    public static CachedPoint Select(in CachedPoint a, in CachedPoint b, ulong mask) => new(
        FieldElement.Select(a.YPlusX, b.YPlusX, mask), FieldElement.Select(a.YMinusX, b.YMinusX, mask),
        FieldElement.Select(a.Z, b.Z, mask), FieldElement.Select(a.T2D, b.T2D, mask));
}

/// <summary>An affine point prepared for mixed addition: (y+x, y−x, 2d·x·y); used in the fixed base tables.</summary>
internal readonly struct AffineNielsPoint(FieldElement yPlusX, FieldElement yMinusX, FieldElement xy2d)
{
    public readonly FieldElement YPlusX = yPlusX, YMinusX = yMinusX, XY2D = xy2d;

    public static AffineNielsPoint Identity => new(One, One, Zero);

    public static AffineNielsPoint FromExtended(in ExtendedPoint p)
    {
        var zInverse = Invert(p.Z);
        var x = Mul(p.X, zInverse);
        var y = Mul(p.Y, zInverse);
        return new(Add(y, x), Sub(y, x), Mul(Mul(x, y), D2));
    }

    public AffineNielsPoint Negate() => new(YMinusX, YPlusX, Neg(XY2D));

    /// <summary>Constant time: <paramref name="a"/> when mask is 0, <paramref name="b"/> when it is all ones.</summary>
    public static AffineNielsPoint Select(in AffineNielsPoint a, in AffineNielsPoint b, ulong mask) => new(
        FieldElement.Select(a.YPlusX, b.YPlusX, mask), FieldElement.Select(a.YMinusX, b.YMinusX, mask),
        FieldElement.Select(a.XY2D, b.XY2D, mask));
}
