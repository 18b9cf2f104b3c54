using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Conode.Crypto.Bn256;

/// <summary>
/// An element of the base field GF(p) of bn256, held as four 64-bit little-endian limbs in
/// Montgomery form (value·2^256 mod p), always fully reduced. Arithmetic is branch-free on
/// the limb values; only <see cref="FromBigInteger"/> (set-up and tests) uses BigInteger.
/// </summary>
internal readonly struct Fp : IField<Fp>
{
    public readonly ulong L0, L1, L2, L3;

    private const ulong P0 = 0x185cac6c5e089667, P1 = 0xee5b88d120b5b59e, P2 = 0xaa6fecb86184dc21, P3 = 0x8fb501e34aa387f9;

    /// <summary>The BN parameter u = 1868033³ from which p, n and the pairing's loops are derived.</summary>
    public static readonly BigInteger U = 6518589491078791937;

    public static readonly BigInteger Modulus =
        BigInteger.Parse("65000549695646603732796438742359905742825358107623003571877145026864184071783");

    /// <summary>−p⁻¹ mod 2^64, the Montgomery reduction factor.</summary>
    private static readonly ulong PInv = ComputePInv();

    /// <summary>2^512 mod p: multiplying by it (Montgomery) converts a plain value to Montgomery form.</summary>
    private static readonly Fp R2 = FromLimbs(BigInteger.ModPow(2, 512, Modulus));

    public static Fp Zero => default;
    public static readonly Fp OneValue = FromLimbs(BigInteger.ModPow(2, 256, Modulus));
    public static Fp One => OneValue;

    public Fp(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3;
    }

    private static ulong ComputePInv()
    {
        // Newton iteration for p⁻¹ mod 2^64: each step doubles the number of correct bits.
        ulong inv = 1;
        for (var i = 0; i < 6; i++)
        {
            inv *= 2 - P0 * inv;
        }
        return 0 - inv;
    }

    private static Fp FromLimbs(BigInteger v)
    {
        Span<byte> b = stackalloc byte[32];
        v.TryWriteBytes(b, out _, isUnsigned: true, isBigEndian: false);
        return new Fp(
            BitConverter.ToUInt64(b[..8]), BitConverter.ToUInt64(b[8..16]),
            BitConverter.ToUInt64(b[16..24]), BitConverter.ToUInt64(b[24..32]));
    }

    /// <summary>Montgomery form of v mod p (set-up and tests only).</summary>
    public static Fp FromBigInteger(BigInteger v)
    {
        v %= Modulus;
        if (v.Sign < 0)
        {
            v += Modulus;
        }
        return Mul(FromLimbs(v), R2);
    }

    public BigInteger ToBigInteger()
    {
        Span<byte> b = stackalloc byte[32];
        WriteBigEndian(b);
        return new BigInteger(b, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Reads 32 big-endian bytes; values ≥ p are reduced, as Go's decoder does.</summary>
    public static Fp FromBigEndian(ReadOnlySpan<byte> b)
    {
        var v = new Fp(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b[24..32]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b[16..24]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b[8..16]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b[..8]));
        // Any 256-bit value is < 2p, so one conditional subtraction reduces it.
        return Mul(ReduceOnce(v.L0, v.L1, v.L2, v.L3, 0), R2);
    }

    /// <summary>Whether 32 big-endian bytes are below p, i.e. the encoding <see cref="WriteBigEndian"/> gives back.</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> b)
    {
        ReadOnlySpan<ulong> modulus = [P3, P2, P1, P0];
        for (var i = 0; i < 4; i++)
        {
            var limb = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b.Slice(8 * i, 8));
            if (limb != modulus[i])
            {
                return limb < modulus[i];
            }
        }
        return false;
    }

    /// <summary>Writes the plain (non-Montgomery) value as 32 big-endian bytes.</summary>
    public void WriteBigEndian(Span<byte> b)
    {
        var v = Mul(this, new Fp(1, 0, 0, 0));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b[..8], v.L3);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b[8..16], v.L2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b[16..24], v.L1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b[24..32], v.L0);
    }

    public bool IsZero => (L0 | L1 | L2 | L3) == 0;

    public static bool Equal(in Fp a, in Fp b) =>
        ((a.L0 ^ b.L0) | (a.L1 ^ b.L1) | (a.L2 ^ b.L2) | (a.L3 ^ b.L3)) == 0;

    /// <summary>Returns b where mask is all ones, a where it is zero, without branching.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp Select(in Fp a, in Fp b, ulong mask) => new(
        a.L0 ^ ((a.L0 ^ b.L0) & mask), a.L1 ^ ((a.L1 ^ b.L1) & mask),
        a.L2 ^ ((a.L2 ^ b.L2) & mask), a.L3 ^ ((a.L3 ^ b.L3) & mask));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddC(ulong a, ulong b, ref ulong carry)
    {
        // Carry out from the operands' and the sum's top bits: plain ALU operations, no flag round trip.
        var r = a + b + carry;
        carry = ((a & b) | ((a | b) & ~r)) >> 63;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SubB(ulong a, ulong b, ref ulong borrow)
    {
        var r = a - b - borrow;
        borrow = ((~a & b) | (~(a ^ b) & r)) >> 63;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulHigh(ulong a, ulong b) => Bmi2.X64.IsSupported ? Bmi2.X64.MultiplyNoFlags(a, b) : Math.BigMul(a, b, out _);

    /// <summary>a·b + c + carry as a 128-bit value: returns the low half, leaves the high half in carry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mac(ulong a, ulong b, ulong c, ref ulong carry)
    {
        // mulx for the high half and imul for the low half keep both in registers; Math.BigMul's
        // out parameter would go through the stack.
        var hi = MulHigh(a, b);
        var lo = a * b;
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += carry;
        hi += lo < carry ? 1UL : 0UL;
        carry = hi;
        return lo;
    }

    /// <summary>Given a 257-bit value t (top bit in t4) below 2p, returns t mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Fp ReduceOnce(ulong t0, ulong t1, ulong t2, ulong t3, ulong t4)
    {
        ulong b = 0;
        var s0 = SubB(t0, P0, ref b);
        var s1 = SubB(t1, P1, ref b);
        var s2 = SubB(t2, P2, ref b);
        var s3 = SubB(t3, P3, ref b);
        // Keep t only if the subtraction borrowed and there was no 257th bit.
        var keep = 0 - (b & (t4 ^ 1));
        return new Fp(
            s0 ^ ((s0 ^ t0) & keep), s1 ^ ((s1 ^ t1) & keep),
            s2 ^ ((s2 ^ t2) & keep), s3 ^ ((s3 ^ t3) & keep));
    }

    public static Fp Add(in Fp a, in Fp b)
    {
        ulong c = 0;
        var t0 = AddC(a.L0, b.L0, ref c);
        var t1 = AddC(a.L1, b.L1, ref c);
        var t2 = AddC(a.L2, b.L2, ref c);
        var t3 = AddC(a.L3, b.L3, ref c);
        return ReduceOnce(t0, t1, t2, t3, c);
    }

    /// <summary>2a by a one-bit shift across the limbs (no carry chain), then one conditional subtraction.</summary>
    public static Fp Dbl(in Fp a) =>
        ReduceOnce(a.L0 << 1, (a.L1 << 1) | (a.L0 >> 63), (a.L2 << 1) | (a.L1 >> 63), (a.L3 << 1) | (a.L2 >> 63), a.L3 >> 63);

    public static Fp Sub(in Fp a, in Fp b)
    {
        ulong br = 0;
        var t0 = SubB(a.L0, b.L0, ref br);
        var t1 = SubB(a.L1, b.L1, ref br);
        var t2 = SubB(a.L2, b.L2, ref br);
        var t3 = SubB(a.L3, b.L3, ref br);
        // On borrow add p back (mask selects p or 0).
        var m = 0 - br;
        ulong c = 0;
        t0 = AddC(t0, P0 & m, ref c);
        t1 = AddC(t1, P1 & m, ref c);
        t2 = AddC(t2, P2 & m, ref c);
        t3 = AddC(t3, P3 & m, ref c);
        return new Fp(t0, t1, t2, t3);
    }

    public static Fp Neg(in Fp a) => Sub(default, a);

    /// <summary>Montgomery product a·b·2^-256 mod p (CIOS, one reduction step per limb of b).</summary>
    /// <remarks>
    /// Never inlined: the tower code calls it thousands of times per pairing, and inlining its ~2 KB body
    /// exhausted the JIT's budget for the caller, which then left carry helpers and constructors as calls,
    /// and not the same ones in every compilation (pairings 7 % slower, in some processes much more).
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Fp Mul(in Fp a, in Fp b)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
        Step(a0, a1, a2, a3, b.L0, ref t0, ref t1, ref t2, ref t3, ref t4);
        Step(a0, a1, a2, a3, b.L1, ref t0, ref t1, ref t2, ref t3, ref t4);
        Step(a0, a1, a2, a3, b.L2, ref t0, ref t1, ref t2, ref t3, ref t4);
        Step(a0, a1, a2, a3, b.L3, ref t0, ref t1, ref t2, ref t3, ref t4);
        return ReduceOnce(t0, t1, t2, t3, t4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(ulong a0, ulong a1, ulong a2, ulong a3, ulong bi,
        ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3, ref ulong t4)
    {
        ulong c = 0;
        t0 = Mac(a0, bi, t0, ref c);
        t1 = Mac(a1, bi, t1, ref c);
        t2 = Mac(a2, bi, t2, ref c);
        t3 = Mac(a3, bi, t3, ref c);
        var s4 = t4 + c;
        var t5 = s4 < c ? 1UL : 0UL;
        var m = t0 * PInv;
        // m was chosen so that t0 + m·P0 ≡ 0 (mod 2^64): that sum only carries, and does so iff t0 ≠ 0.
        c = MulHigh(m, P0) + (((0 - t0) | t0) >> 63);
        t0 = Mac(m, P1, t1, ref c);
        t1 = Mac(m, P2, t2, ref c);
        t2 = Mac(m, P3, t3, ref c);
        t3 = s4 + c;
        t4 = t5 + (t3 < c ? 1UL : 0UL);
    }

    /// <summary>
    /// a² (Montgomery): the six cross products once, doubled by a shift, plus the four squares — ten
    /// products instead of sixteen — then the low half of the 512-bit square is Montgomery-reduced and
    /// the high half added.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Fp Sqr(in Fp a)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        // Σ_{i<j} a_i·a_j at limb i + j, in t1 … t6.
        ulong c = 0;
        var t1 = Mac(a0, a1, 0, ref c);
        var t2 = Mac(a0, a2, 0, ref c);
        var t3 = Mac(a0, a3, 0, ref c);
        var t4 = c;
        c = 0;
        t3 = Mac(a1, a2, t3, ref c);
        t4 = Mac(a1, a3, t4, ref c);
        var t5 = c;
        c = 0;
        t5 = Mac(a2, a3, t5, ref c);
        var t6 = c;
        var t7 = t6 >> 63;
        t6 = (t6 << 1) | (t5 >> 63);
        t5 = (t5 << 1) | (t4 >> 63);
        t4 = (t4 << 1) | (t3 >> 63);
        t3 = (t3 << 1) | (t2 >> 63);
        t2 = (t2 << 1) | (t1 >> 63);
        t1 <<= 1;
        // Plus a_i² at limb 2i; a² < 2^512, so nothing carries out of t7.
        var t0 = a0 * a0;
        ulong k = 0;
        t1 = AddC(t1, MulHigh(a0, a0), ref k);
        t2 = AddC(t2, a1 * a1, ref k);
        t3 = AddC(t3, MulHigh(a1, a1), ref k);
        t4 = AddC(t4, a2 * a2, ref k);
        t5 = AddC(t5, MulHigh(a2, a2), ref k);
        t6 = AddC(t6, a3 * a3, ref k);
        t7 += MulHigh(a3, a3) + k;
        // Bounds: reducing the low half L < 2^256 gives (L + M·p)/2^256 ≤ p (M < 2^256); the high half is
        // ⌊a²/2^256⌋ < p·(p/2^256) < 0.57·p. Their sum is below 1.57·p < 2^256: one subtraction reduces it.
        ReduceStep(ref t0, ref t1, ref t2, ref t3);
        ReduceStep(ref t0, ref t1, ref t2, ref t3);
        ReduceStep(ref t0, ref t1, ref t2, ref t3);
        ReduceStep(ref t0, ref t1, ref t2, ref t3);
        c = 0;
        t0 = AddC(t0, t4, ref c);
        t1 = AddC(t1, t5, ref c);
        t2 = AddC(t2, t6, ref c);
        t3 = AddC(t3, t7, ref c);
        return ReduceOnce(t0, t1, t2, t3, 0);
    }

    /// <summary>t ← (t + m·p)/2^64 with m = t·(−p⁻¹) mod 2^64, for t &lt; 2^256: the result stays below 2^256.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReduceStep(ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3)
    {
        var m = t0 * PInv;
        // As in Step: t0 + m·P0 ≡ 0 (mod 2^64) carries iff t0 ≠ 0.
        var c = MulHigh(m, P0) + (((0 - t0) | t0) >> 63);
        t0 = Mac(m, P1, t1, ref c);
        t1 = Mac(m, P2, t2, ref c);
        t2 = Mac(m, P3, t3, ref c);
        t3 = c;
    }

    /// <summary>a^e for a public exponent given as little-endian limbs (fixed sequence of operations).</summary>
    public static Fp Pow(in Fp a, ReadOnlySpan<ulong> e)
    {
        var r = One;
        for (var i = e.Length * 64 - 1; i >= 0; i--)
        {
            r = Sqr(r);
            if (((e[i >> 6] >> (i & 63)) & 1) != 0)
            {
                r = Mul(r, a);
            }
        }
        return r;
    }

    private static readonly ulong[] PMinus2 = [P0 - 2, P1, P2, P3];
    private static readonly ulong[] PPlus1Over4 = Limbs((Modulus + 1) / 4);

    internal static ulong[] Limbs(BigInteger v)
    {
        var f = FromLimbs(v);
        return [f.L0, f.L1, f.L2, f.L3];
    }

    /// <summary>a⁻¹ by Fermat (a^(p−2)); 0 maps to 0. The exponent is public, so this is constant time.</summary>
    public static Fp Invert(in Fp a) => Pow(a, PMinus2);

    /// <summary>2^768 mod p: a Montgomery product with it turns the plain inverse of a·R into a⁻¹·R.</summary>
    private static readonly Fp R3 = FromLimbs(BigInteger.ModPow(2, 768, Modulus));

    /// <summary>
    /// a⁻¹ by the binary extended Euclidean algorithm, several times faster than Fermat, but its running
    /// time depends on a: only for public values (pairing inputs, tables built from a public point).
    /// 0 maps to 0.
    /// </summary>
    public static Fp InvertVartime(in Fp a)
    {
        if (a.IsZero)
        {
            return Zero;
        }
        // Invariants: x1·a ≡ u and x2·a ≡ v (mod p), with a the limbs read as a plain integer.
        Fp u = a, v = new(P0, P1, P2, P3), x1 = new(1, 0, 0, 0), x2 = Zero;
        while (!IsOneRaw(u) && !IsOneRaw(v))
        {
            while ((u.L0 & 1) == 0)
            {
                u = HalfRaw(u, 0);
                x1 = HalfModP(x1);
            }
            while ((v.L0 & 1) == 0)
            {
                v = HalfRaw(v, 0);
                x2 = HalfModP(x2);
            }
            if (SubRaw(u, v, out var d) == 0)
            {
                u = d;
                x1 = Sub(x1, x2);
            }
            else
            {
                _ = SubRaw(v, u, out v);
                x2 = Sub(x2, x1);
            }
        }
        return Mul(IsOneRaw(u) ? x1 : x2, R3);
    }

    private static bool IsOneRaw(in Fp x) => ((x.L0 ^ 1) | x.L1 | x.L2 | x.L3) == 0;

    /// <summary>(x + top·2^256) / 2 for an even value.</summary>
    private static Fp HalfRaw(in Fp x, ulong top) =>
        new((x.L0 >> 1) | (x.L1 << 63), (x.L1 >> 1) | (x.L2 << 63), (x.L2 >> 1) | (x.L3 << 63), (x.L3 >> 1) | (top << 63));

    /// <summary>x / 2 mod p: x itself when even, x + p (a 257-bit even number) otherwise.</summary>
    private static Fp HalfModP(in Fp x)
    {
        if ((x.L0 & 1) == 0)
        {
            return HalfRaw(x, 0);
        }
        ulong c = 0;
        var s0 = AddC(x.L0, P0, ref c);
        var s1 = AddC(x.L1, P1, ref c);
        var s2 = AddC(x.L2, P2, ref c);
        var s3 = AddC(x.L3, P3, ref c);
        return HalfRaw(new Fp(s0, s1, s2, s3), c);
    }

    /// <summary>d = a − b on plain 256-bit integers; returns the borrow.</summary>
    private static ulong SubRaw(in Fp a, in Fp b, out Fp d)
    {
        ulong br = 0;
        var d0 = SubB(a.L0, b.L0, ref br);
        var d1 = SubB(a.L1, b.L1, ref br);
        var d2 = SubB(a.L2, b.L2, ref br);
        var d3 = SubB(a.L3, b.L3, ref br);
        d = new Fp(d0, d1, d2, d3);
        return br;
    }

    /// <summary>The square root a^((p+1)/4) (p ≡ 3 mod 4); meaningful only when a is a square.</summary>
    public static Fp SqrtCandidate(in Fp a) => Pow(a, PPlus1Over4);
}
