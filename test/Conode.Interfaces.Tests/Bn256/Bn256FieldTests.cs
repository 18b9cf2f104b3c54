using System.Numerics;
using Conode.Crypto.Bn256;

namespace Conode.Interfaces.Tests.Bn256;

public class Bn256FieldTests
{
    private static IEnumerable<BigInteger> Samples()
    {
        yield return BigInteger.One;
        yield return 2;
        yield return Fp.Modulus - 1;
        yield return Fp.Modulus - 2;
        var rng = new Random(7);
        var buf = new byte[32];
        for (var i = 0; i < 20; i++)
        {
            rng.NextBytes(buf);
            yield return new BigInteger(buf, isUnsigned: true) % Fp.Modulus;
        }
    }

    [Fact]
    public void MultiplicationAndInversionsMatchBigInteger()
    {
        foreach (var v in Samples().Where(v => !v.IsZero))
        {
            var a = Fp.FromBigInteger(v);
            var w = (v * 3 + 5) % Fp.Modulus;
            Assert.Equal(v * w % Fp.Modulus, Fp.Mul(a, Fp.FromBigInteger(w)).ToBigInteger());
            Assert.Equal((v + w) % Fp.Modulus, Fp.Add(a, Fp.FromBigInteger(w)).ToBigInteger());
            Assert.Equal((v - w + Fp.Modulus) % Fp.Modulus, Fp.Sub(a, Fp.FromBigInteger(w)).ToBigInteger());
            Assert.Equal(2 * v % Fp.Modulus, Fp.Dbl(a).ToBigInteger());
            Assert.Equal(v * v % Fp.Modulus, Fp.Sqr(a).ToBigInteger());
            var inverse = BigInteger.ModPow(v, Fp.Modulus - 2, Fp.Modulus);
            Assert.Equal(inverse, Fp.Invert(a).ToBigInteger());
            Assert.Equal(inverse, Fp.InvertVartime(a).ToBigInteger());
            var x = new Fp2(a, Fp.FromBigInteger(w));
            Assert.True(Fp2.Equal(Fp2.One, Fp2.Mul(x, Fp2.InvertVartime(x))));
            Assert.True(Fp2.Equal(Fp2.One, Fp2.Mul(x, Fp2.Invert(x))));
        }
        Assert.True(Fp.InvertVartime(Fp.Zero).IsZero);
    }

    /// <summary>
    /// Field elements given by their Montgomery limbs directly, so that limbs sit at carry boundaries (all
    /// ones, zero, top bit set, just below p), followed by random ones.
    /// </summary>
    private static IEnumerable<Fp> EdgeAndRandomElements(int count)
    {
        var p = Fp.Modulus;
        var one = BigInteger.One;
        var edges = new[]
        {
            BigInteger.Zero, one, 2, p - 1, p - 2, (p - 1) / 2, (p + 1) / 2, (one << 64) - 1, one << 64,
            (one << 128) - 1, (one << 192) - 1, (one << 255) - 1, one << 255, p - (one << 64), p - (one << 192),
        };
        var rng = new Random(13);
        var buf = new byte[32];
        foreach (var v in edges.Concat(Enumerable.Range(0, count).Select(_ =>
        {
            rng.NextBytes(buf);
            return new BigInteger(buf, isUnsigned: true) % p;
        })))
        {
            var limbs = Fp.Limbs(v);
            yield return new Fp(limbs[0], limbs[1], limbs[2], limbs[3]);
        }
    }

    [Fact]
    public void SquaringMatchesMultiplicationAndBigInteger()
    {
        // The dedicated squaring has its own carry chain and reduction bound (see Fp.Sqr).
        foreach (var a in EdgeAndRandomElements(2000))
        {
            var v = a.ToBigInteger();
            Assert.True(Fp.Equal(Fp.Mul(a, a), Fp.Sqr(a)), $"a = {v}");
            Assert.Equal(v * v % Fp.Modulus, Fp.Sqr(a).ToBigInteger());
        }
    }

    [Fact]
    public void Fp12InverseAndFrobeniusAreConsistent()
    {
        var g = GtElement.Base.Value;
        Assert.True(Fp12.Mul(g, Fp12.Invert(g)).IsOne);
        // In GT the inverse is the conjugate, and x^(p^2) applied six times is x^(p^12) = x.
        Assert.True(Fp12.Equal(Fp12.Invert(g), Fp12.Conjugate(g)));
        var y = g;
        for (var i = 0; i < 6; i++)
        {
            y = Fp12.FrobeniusP2(y);
        }
        Assert.True(Fp12.Equal(g, y));
        Assert.True(Fp12.Equal(Fp12.FrobeniusP2(g), Fp12.Frobenius(Fp12.Frobenius(g))));
    }

    [Fact]
    public void FrobeniusSplitRecombinesWithShortParts()
    {
        var n = Scalar.Order;
        var lambda = 6 * Fp.U * Fp.U;
        var rng = new Random(11);
        var buf = new byte[32];
        var samples = new List<BigInteger> { 0, 1, n - 1, n / 2 };
        for (var i = 0; i < 50; i++)
        {
            rng.NextBytes(buf);
            samples.Add(new BigInteger(buf, isUnsigned: true) % n);
        }
        foreach (var k in samples)
        {
            var parts = G2Point.FrobeniusSplit.Split(k);
            Assert.Equal(4, parts.Length);
            var sum = BigInteger.Zero;
            for (var j = 0; j < parts.Length; j++)
            {
                Assert.True(BigInteger.Abs(parts[j]) < BigInteger.One << 66, $"part {j} of {k} too long");
                sum += parts[j] * BigInteger.Pow(lambda, j);
            }
            Assert.Equal(k, (sum % n + n) % n);
        }
    }
}
