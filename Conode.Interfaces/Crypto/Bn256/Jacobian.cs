using System.Runtime.CompilerServices;

namespace Conode.Crypto.Bn256;

/// <summary>
/// A point of y² = x³ + b over the field T in Jacobian coordinates (x = X/Z², y = Y/Z³);
/// Z = 0 is the point at infinity. The formulas do not depend on b (a = 0), so G1 and the twist
/// G2 share this code.
/// </summary>
internal readonly struct Jacobian<T> where T : unmanaged, IField<T>
{
    public readonly T X, Y, Z;

    public Jacobian(in T x, in T y, in T z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public static Jacobian<T> Infinity => new(T.One, T.One, T.Zero);

    public static Jacobian<T> FromAffine(in T x, in T y) => new(x, y, T.One);

    public bool IsInfinity => Z.IsZero;

    public static Jacobian<T> Neg(in Jacobian<T> p) => new(p.X, T.Neg(p.Y), p.Z);

    public static Jacobian<T> Select(in Jacobian<T> a, in Jacobian<T> b, ulong mask) =>
        new(T.Select(a.X, b.X, mask), T.Select(a.Y, b.Y, mask), T.Select(a.Z, b.Z, mask));

    /// <summary>
    /// Doubling for a = 0 ("dbl-2009-l" with D = 4·X·Y² as a product, which saves additions where a
    /// square costs as much as a product): 3M + 4S. The curves have no 2-torsion.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Jacobian<T> Double(in Jacobian<T> p)
    {
        var a = T.Sqr(p.X);
        var b = T.Sqr(p.Y);
        var c = T.Sqr(b);
        var d = T.Dbl(T.Dbl(T.Mul(p.X, b)));
        var e = T.Add(T.Dbl(a), a);
        var f = T.Sqr(e);
        var x3 = T.Sub(f, T.Dbl(d));
        var c8 = T.Dbl(T.Dbl(T.Dbl(c)));
        var y3 = T.Sub(T.Mul(e, T.Sub(d, x3)), c8);
        var z3 = T.Dbl(T.Mul(p.Y, p.Z));
        return new(x3, y3, z3);
    }

    /// <summary>
    /// General addition ("add-2007-bl"). Branches on infinity and on equal or opposite inputs;
    /// scalar multiplication by a secret never reaches those branches except with negligible probability.
    /// </summary>
    public static Jacobian<T> Add(in Jacobian<T> p, in Jacobian<T> q)
    {
        if (p.IsInfinity)
        {
            return q;
        }
        if (q.IsInfinity)
        {
            return p;
        }
        var z1z1 = T.Sqr(p.Z);
        var z2z2 = T.Sqr(q.Z);
        var u1 = T.Mul(p.X, z2z2);
        var u2 = T.Mul(q.X, z1z1);
        var s1 = T.Mul(T.Mul(p.Y, q.Z), z2z2);
        var s2 = T.Mul(T.Mul(q.Y, p.Z), z1z1);
        var h = T.Sub(u2, u1);
        var r = T.Dbl(T.Sub(s2, s1));
        if (h.IsZero)
        {
            return r.IsZero ? Double(p) : Infinity;
        }
        var i = T.Sqr(T.Dbl(h));
        var j = T.Mul(h, i);
        var v = T.Mul(u1, i);
        var x3 = T.Sub(T.Sub(T.Sqr(r), j), T.Dbl(v));
        var y3 = T.Sub(T.Mul(r, T.Sub(v, x3)), T.Dbl(T.Mul(s1, j)));
        var z3 = T.Mul(T.Sub(T.Sub(T.Sqr(T.Add(p.Z, q.Z)), z1z1), z2z2), h);
        return new(x3, y3, z3);
    }

    /// <summary>
    /// p + (x, y) for an affine (x, y) ("madd-2007-bl", 7M + 4S). Branches like <see cref="Add"/> on
    /// infinity and on equal or opposite inputs.
    /// </summary>
    public static Jacobian<T> AddAffine(in Jacobian<T> p, in T x, in T y)
    {
        if (p.IsInfinity)
        {
            return FromAffine(x, y);
        }
        var z1z1 = T.Sqr(p.Z);
        var u2 = T.Mul(x, z1z1);
        var s2 = T.Mul(T.Mul(y, p.Z), z1z1);
        var h = T.Sub(u2, p.X);
        var r = T.Dbl(T.Sub(s2, p.Y));
        if (h.IsZero)
        {
            return r.IsZero ? Double(p) : Infinity;
        }
        var hh = T.Sqr(h);
        var i = T.Dbl(T.Dbl(hh));
        var j = T.Mul(h, i);
        var v = T.Mul(p.X, i);
        var x3 = T.Sub(T.Sub(T.Sqr(r), j), T.Dbl(v));
        var y3 = T.Sub(T.Mul(r, T.Sub(v, x3)), T.Dbl(T.Mul(p.Y, j)));
        var z3 = T.Sub(T.Sub(T.Sqr(T.Add(p.Z, h)), z1z1), hh);
        return new(x3, y3, z3);
    }

    /// <summary>
    /// Affine coordinates of finite points with one inversion in total (Montgomery's trick). The inversion
    /// is variable time: callers pass multiples of a public point only.
    /// </summary>
    public static (T X, T Y)[] ToAffineBatch(ReadOnlySpan<Jacobian<T>> points)
    {
        var prefix = new T[points.Length];
        var acc = T.One;
        for (var i = 0; i < points.Length; i++)
        {
            prefix[i] = acc;
            acc = T.Mul(acc, points[i].Z);
        }
        var inv = T.InvertVartime(acc);
        var result = new (T X, T Y)[points.Length];
        for (var i = points.Length - 1; i >= 0; i--)
        {
            var zInv = T.Mul(inv, prefix[i]);
            inv = T.Mul(inv, points[i].Z);
            var zInv2 = T.Sqr(zInv);
            result[i] = (T.Mul(points[i].X, zInv2), T.Mul(points[i].Y, T.Mul(zInv2, zInv)));
        }
        return result;
    }

    /// <summary>
    /// Finite points rewritten over one shared Z without an inversion: point i becomes (X·λ², Y·λ³, Z·λ)
    /// with λ the product of the other points' Z, so Z·λ is the product of all of them (returned as
    /// <paramref name="z"/>). Points over a shared Z are the affine points (X, Y) of the isomorphic curve
    /// y² = x³ + b·z⁶ under (x, y) ↦ (x·z², y·z³); the formulas here do not depend on b, so mixed
    /// additions can use them there (<see cref="ToIsomorphic"/>, <see cref="FromIsomorphic"/>).
    /// </summary>
    public static (T X, T Y)[] ToSharedZ(ReadOnlySpan<Jacobian<T>> points, out T z)
    {
        var prefix = new T[points.Length];
        var acc = T.One;
        for (var i = 0; i < points.Length; i++)
        {
            prefix[i] = acc;
            acc = T.Mul(acc, points[i].Z);
        }
        z = acc;
        var result = new (T X, T Y)[points.Length];
        var suffix = T.One;
        for (var i = points.Length - 1; i >= 0; i--)
        {
            var lambda = T.Mul(prefix[i], suffix);
            suffix = T.Mul(suffix, points[i].Z);
            var lambda2 = T.Sqr(lambda);
            result[i] = (T.Mul(points[i].X, lambda2), T.Mul(points[i].Y, T.Mul(lambda2, lambda)));
        }
        return result;
    }

    /// <summary>The image of p on the curve where points over the shared Z <paramref name="z"/> are affine.</summary>
    public static Jacobian<T> ToIsomorphic(in Jacobian<T> p, in T z)
    {
        var z2 = T.Sqr(z);
        return new(T.Mul(p.X, z2), T.Mul(p.Y, T.Mul(z2, z)), p.Z);
    }

    /// <summary>The inverse of <see cref="ToIsomorphic"/>: (X, Y, Z) there is (X, Y, Z·z) here.</summary>
    public static Jacobian<T> FromIsomorphic(in Jacobian<T> p, in T z) => new(p.X, p.Y, T.Mul(p.Z, z));

    /// <summary>Affine coordinates (x, y); infinity gives (0, 0), kyber's encoding of it.</summary>
    public (T X, T Y) ToAffine() => ToAffine(publicValue: false);

    /// <summary>As <see cref="ToAffine()"/> with a variable-time inversion, for public points (pairing inputs).</summary>
    public (T X, T Y) ToAffinePublic() => ToAffine(publicValue: true);

    private (T X, T Y) ToAffine(bool publicValue)
    {
        if (IsInfinity)
        {
            return (T.Zero, T.Zero);
        }
        if (T.Equal(Z, T.One))
        {
            return (X, Y); // decoded points are affine already; skip the inversion
        }
        var zInv = publicValue ? T.InvertVartime(Z) : T.Invert(Z);
        var zInv2 = T.Sqr(zInv);
        return (T.Mul(X, zInv2), T.Mul(Y, T.Mul(zInv2, zInv)));
    }

    public static bool Equal(in Jacobian<T> p, in Jacobian<T> q)
    {
        if (p.IsInfinity || q.IsInfinity)
        {
            return p.IsInfinity && q.IsInfinity;
        }
        var z1z1 = T.Sqr(p.Z);
        var z2z2 = T.Sqr(q.Z);
        return T.Equal(T.Mul(p.X, z2z2), T.Mul(q.X, z1z1))
            && T.Equal(T.Mul(T.Mul(p.Y, q.Z), z2z2), T.Mul(T.Mul(q.Y, p.Z), z1z1));
    }

    /// <summary>Whether the affine point (x, y) satisfies y² = x³ + b.</summary>
    public static bool IsOnCurve(in T x, in T y, in T b) =>
        T.Equal(T.Sqr(y), T.Add(T.Mul(T.Sqr(x), x), b));

    /// <summary>
    /// acc + d·P for the signed radix-16 (Booth) digit d ∈ [−8, 8] encoded by the five scalar bits
    /// 4w+3 … 4w−1, with multiples[i − 1] = i·P in affine form (i = 1..8). No branch or memory access
    /// depends on d: the table is scanned, the sign applied and a zero digit skipped by selection.
    /// </summary>
    public static Jacobian<T> AddBoothDigit(in Jacobian<T> acc, ReadOnlySpan<(T X, T Y)> multiples, ulong bits)
    {
        var (index, negative, isZero) = BoothDigit(bits);
        var (x, y) = multiples[0];
        for (var i = 1; i < multiples.Length; i++)
        {
            var eq = 0 - ((((index - 1) ^ (ulong)i) - 1) >> 63);
            x = T.Select(x, multiples[i].X, eq);
            y = T.Select(y, multiples[i].Y, eq);
        }
        y = T.Select(y, T.Neg(y), negative);
        return Select(AddAffine(acc, x, y), acc, isZero);
    }

    /// <summary>
    /// Decodes the five bits of a Booth digit d without branching: the table index |d| (1 when d = 0, so
    /// that a read is always of a finite point), and all-ones masks for d &lt; 0 and for d = 0.
    /// </summary>
    public static (ulong Index, ulong Negative, ulong IsZero) BoothDigit(ulong bits)
    {
        var negative = 0 - (bits >> 4);
        // |d| = ⌈bits / 2⌉ for bits < 16, ⌈(31 − bits) / 2⌉ otherwise.
        var magnitude = ((((31 - bits) & negative) | (bits & ~negative)) + 1) >> 1;
        var isZero = 0 - ((magnitude - 1) >> 63);
        return (magnitude | (1 & isZero), negative, isZero);
    }

    /// <summary>The five bits 4w+3 … 4w−1 of k (bit −1 is zero) that define Booth digit w.</summary>
    public static ulong BoothBits(ReadOnlySpan<ulong> k, int w)
    {
        var pos = 4 * w - 1;
        if (pos < 0)
        {
            return (k[0] << 1) & 0x1f;
        }
        var limb = pos >> 6;
        var shift = pos & 63;
        var v = k[limb] >> shift;
        if (shift > 59 && limb + 1 < k.Length)
        {
            v |= k[limb + 1] << (64 - shift);
        }
        return v & 0x1f;
    }

    /// <summary>
    /// Σ k_i·p_i for public scalars (BDN weights, tests): Straus' interleaving with width-5 NAF digits, so
    /// all points share one chain of doublings, each needs a table of eight odd multiples, and about one
    /// digit in six is non-zero. Variable time.
    /// </summary>
    public static Jacobian<T> MultiplySum(ReadOnlySpan<Jacobian<T>> points, ReadOnlySpan<ulong[]> scalars)
    {
        const int width = 5, tableSize = 1 << (width - 2);
        var tables = new Jacobian<T>[points.Length * tableSize];
        var digits = new sbyte[points.Length][];
        var length = 0;
        for (var i = 0; i < points.Length; i++)
        {
            var odd = tables.AsSpan(i * tableSize, tableSize);
            odd[0] = points[i];
            var twice = Double(points[i]);
            for (var j = 1; j < tableSize; j++)
            {
                odd[j] = Add(odd[j - 1], twice);
            }
            digits[i] = SignedDigits.WidthNaf(new System.Numerics.BigInteger(System.Runtime.InteropServices.MemoryMarshal.AsBytes(scalars[i].AsSpan()), isUnsigned: true), width);
            length = Math.Max(length, digits[i].Length);
        }
        var acc = Infinity;
        for (var w = length - 1; w >= 0; w--)
        {
            if (!acc.IsInfinity)
            {
                acc = Double(acc);
            }
            for (var i = 0; i < points.Length; i++)
            {
                var d = w < digits[i].Length ? digits[i][w] : 0;
                if (d > 0)
                {
                    acc = Add(acc, tables[i * tableSize + (d >> 1)]);
                }
                else if (d < 0)
                {
                    acc = Add(acc, Neg(tables[i * tableSize + (-d >> 1)]));
                }
            }
        }
        return acc;
    }

    /// <summary>
    /// table[i] = i·p for every i below the table's length; even multiples by doubling, which costs
    /// less than half an addition.
    /// </summary>
    public static void BuildTable(in Jacobian<T> p, Span<Jacobian<T>> table)
    {
        table[0] = Infinity;
        table[1] = p;
        for (var i = 2; i < table.Length; i++)
        {
            table[i] = i % 2 == 0 ? Double(table[i / 2]) : Add(table[i - 1], p);
        }
    }
}
