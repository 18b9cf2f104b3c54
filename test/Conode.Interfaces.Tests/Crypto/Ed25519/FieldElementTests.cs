using System.Numerics;
using Conode.Crypto.Ed25519;

namespace Conode.Tests.Crypto.Ed25519;

/// <summary>GF(2^255 − 19) arithmetic against BigInteger, including unreduced inputs in [p, 2^255).</summary>
public class FieldElementTests
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    public static IEnumerable<object[]> Inputs()
    {
        // Edge values (0, 1, p − 1, p, p + 1, 2^255 − 1) and random ones, as 255-bit little-endian integers.
        BigInteger[] edges = [0, 1, P - 1, P, P + 1, BigInteger.Pow(2, 255) - 1];
        foreach (var value in edges)
        {
            yield return [value.ToString()];
        }
        var random = new Random(25519);
        for (var i = 0; i < 10; i++)
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            bytes[31] &= 0x7f;
            yield return [new BigInteger(bytes, isUnsigned: true).ToString()];
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Operations_match_big_integer_arithmetic_mod_p(string decimalValue)
    {
        var a = BigInteger.Parse(decimalValue);
        var b = (a * 7 + 12345) % BigInteger.Pow(2, 255);
        var fa = Load(a);
        var fb = Load(b);

        Assert.Equal(Mod(a), Read(fa));
        Assert.Equal(Mod(a + b), Read(FieldElement.Add(fa, fb)));
        Assert.Equal(Mod(a - b), Read(FieldElement.Sub(fa, fb)));
        Assert.Equal(Mod(-a), Read(FieldElement.Neg(fa)));
        Assert.Equal(Mod(a * b), Read(FieldElement.Mul(fa, fb)));
        Assert.Equal(Mod(a * a), Read(FieldElement.Square(fa)));
        Assert.Equal(BigInteger.ModPow(Mod(a), P - 2, P), Read(FieldElement.Invert(fa)));
        Assert.Equal(BigInteger.ModPow(Mod(a), (P - 5) / 8, P), Read(FieldElement.Pow22523(fa)));
        // Chained operations without intermediate full reduction keep the limbs in range.
        var chained = FieldElement.Mul(FieldElement.Sub(FieldElement.Neg(fa), FieldElement.Add(fb, fb)), FieldElement.Add(fa, fa));
        Assert.Equal(Mod((-a - 2 * b) * 2 * a), Read(chained));
        Assert.Equal(!Mod(a).IsEven, fa.IsNegative);
        Assert.Equal(Mod(a).IsZero, fa.IsZero);
    }

    [Fact]
    public void Curve_constants()
    {
        Assert.Equal(Mod(-121665 * BigInteger.ModPow(121666, P - 2, P)), Read(FieldElement.D));
        Assert.Equal(Mod(2 * Read(FieldElement.D)), Read(FieldElement.D2));
        Assert.Equal(P - 1, Read(FieldElement.Square(FieldElement.SqrtMinusOne)));
    }

    private static BigInteger Mod(BigInteger value) => (value % P + P) % P;

    private static FieldElement Load(BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes, out _, isUnsigned: true);
        return FieldElement.FromBytes(bytes);
    }

    private static BigInteger Read(FieldElement element)
    {
        var bytes = new byte[32];
        element.ToBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true);
    }
}
