using System.Buffers.Binary;
using System.Numerics;

namespace Conode.Crypto.Ed25519;

/// <summary>
/// Arithmetic mod L = 2^252 + 27742317777372353535851937790883648493 on little-endian 64-bit limbs.
/// Constant time: fixed loop bounds, and conditional corrections by masks rather than branches.
/// </summary>
internal static class ScalarArithmetic
{
    private static readonly BigInteger Order =
        BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");

    private static readonly ulong[] OrderLimbs = ToLimbs(Order, 4);

    // Barrett constant ⌊2^512 / L⌋ (5 limbs), so any 512-bit value reduces with two multiplications.
    private static readonly ulong[] Mu = ToLimbs(BigInteger.Pow(2, 512) / Order, 5);

    public static void Load(ReadOnlySpan<byte> littleEndian32, Span<ulong> limbs)
    {
        for (var i = 0; i < 4; i++)
        {
            limbs[i] = BinaryPrimitives.ReadUInt64LittleEndian(littleEndian32[(8 * i)..]);
        }
    }

    public static void Store(ReadOnlySpan<ulong> limbs, Span<byte> littleEndian32)
    {
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(littleEndian32[(8 * i)..], limbs[i]);
        }
    }

    /// <summary>Reads a little-endian integer of any length and writes its value mod L (32 bytes).</summary>
    public static void ReduceBytes(ReadOnlySpan<byte> littleEndian, Span<byte> result)
    {
        // Horner over 32-byte blocks from the most significant end: r = (r·2^256 + block) mod L.
        Span<ulong> wide = stackalloc ulong[8];
        Span<ulong> r = stackalloc ulong[4];
        Span<byte> block = stackalloc byte[32];
        r.Clear();
        for (var index = (littleEndian.Length + 31) / 32 - 1; index >= 0; index--)
        {
            var start = 32 * index;
            block.Clear();
            littleEndian[start..Math.Min(littleEndian.Length, start + 32)].CopyTo(block);
            Load(block, wide);
            r.CopyTo(wide[4..]);
            Reduce512(wide, r);
        }
        Store(r, result);
    }

    /// <summary>True when the 32 little-endian bytes encode a value below L (constant time).</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> littleEndian32)
    {
        Span<ulong> limbs = stackalloc ulong[4];
        Load(littleEndian32, limbs);
        // value − L borrows exactly when value < L.
        return SubLimbs(limbs, OrderLimbs, limbs) == 1;
    }

    /// <summary>(a + b) mod L for reduced a and b.</summary>
    public static void Add(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
    {
        // a + b < 2L < 2^254, so four limbs hold the sum; one conditional subtraction finishes.
        AddLimbs(a, b, result);
        SubtractOrderIfNotBelow(result);
    }

    /// <summary>(a − b) mod L for reduced a and b.</summary>
    public static void Subtract(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
    {
        var borrow = SubLimbs(a, b, result);
        Span<ulong> masked = stackalloc ulong[4];
        for (var i = 0; i < 4; i++)
        {
            masked[i] = OrderLimbs[i] & (0 - borrow);
        }
        AddLimbs(result, masked, result);
    }

    /// <summary>(a · b) mod L.</summary>
    public static void Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
    {
        Span<ulong> wide = stackalloc ulong[8];
        MulLimbs(a, b, wide);
        Reduce512(wide, result);
    }

    /// <summary>Barrett reduction (HAC 14.42 with base 2^64, k = 4) of an 8-limb value into 4 limbs.</summary>
    private static void Reduce512(ReadOnlySpan<ulong> x, Span<ulong> result)
    {
        Span<ulong> q2 = stackalloc ulong[10];
        MulLimbs(x[3..], Mu, q2);
        // q3 = ⌊⌊x / 2^192⌋·mu / 2^320⌋ underestimates ⌊x / L⌋ by at most 2.
        Span<ulong> q3L = stackalloc ulong[9];
        MulLimbs(q2[5..], OrderLimbs, q3L);
        // x − q3·L < 3L < 2^256, so computing it mod 2^256 is exact.
        SubLimbs(x[..4], q3L[..4], result);
        SubtractOrderIfNotBelow(result);
        SubtractOrderIfNotBelow(result);
    }

    // Subtracts L from a 4-limb value when the value is ≥ L, without branching.
    private static void SubtractOrderIfNotBelow(Span<ulong> value)
    {
        Span<ulong> difference = stackalloc ulong[4];
        var useDifference = SubLimbs(value, OrderLimbs, difference) - 1; // all ones when nothing was borrowed
        for (var i = 0; i < 4; i++)
        {
            value[i] = (difference[i] & useDifference) | (value[i] & ~useDifference);
        }
    }

    private static void MulLimbs(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
    {
        result[..(a.Length + b.Length)].Clear();
        for (var i = 0; i < a.Length; i++)
        {
            ulong carry = 0;
            for (var j = 0; j < b.Length; j++)
            {
                var t = Math.BigMul(a[i], b[j]) + result[i + j] + carry;
                result[i + j] = (ulong)t;
                carry = (ulong)(t >> 64);
            }
            result[i + b.Length] = carry;
        }
    }

    private static void AddLimbs(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
    {
        ulong carry = 0;
        for (var i = 0; i < result.Length; i++)
        {
            var t = (UInt128)a[i] + b[i] + carry;
            result[i] = (ulong)t;
            carry = (ulong)(t >> 64);
        }
    }

    // result = a − b over result.Length limbs; returns the final borrow (0 or 1).
    private static ulong SubLimbs(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
    {
        ulong borrow = 0;
        for (var i = 0; i < result.Length; i++)
        {
            var t = (UInt128)a[i] - b[i] - borrow;
            result[i] = (ulong)t;
            borrow = (ulong)(t >> 64) & 1;
        }
        return borrow;
    }

    private static ulong[] ToLimbs(BigInteger value, int count)
    {
        var bytes = new byte[8 * count];
        value.TryWriteBytes(bytes, out _, isUnsigned: true);
        var limbs = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            limbs[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8 * i));
        }
        return limbs;
    }
}
