using System.Numerics;
using Conode.Crypto.Ed25519;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Conode.Tests.Crypto.Ed25519;

/// <summary>Algebraic properties on random inputs (each test runs a handful of fresh random cases).</summary>
public class Ed25519PropertyTests
{
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");

    public static IEnumerable<object[]> Rounds => Enumerable.Range(0, 5).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Rounds))]
    public void Sign_verify_round_trip_with_random_keys(int round)
    {
        var keyPair = Ed25519KeyPair.Generate();
        var message = BitConverter.GetBytes(round);

        var signature = Schnorr.Sign(keyPair.Private, message);

        Assert.Equal(Schnorr.SignatureSize, signature.Length);
        Assert.True(Schnorr.Verify(keyPair.Public, message, signature));
        Assert.True(Schnorr.Verify(keyPair.Public.MarshalBinary(), message, signature));
        Assert.False(Schnorr.Verify(keyPair.Public, [.. message, 0], signature));
        Assert.False(Schnorr.Verify(Ed25519KeyPair.Generate().Public, message, signature));
        // Randomized: a second signature differs and verifies too.
        var again = Schnorr.Sign(keyPair, message);
        Assert.NotEqual(signature, again);
        Assert.True(Schnorr.Verify(keyPair.Public, message, again));
        // A kyber Schnorr signature is a valid RFC 8032 signature: BouncyCastle agrees.
        Assert.True(BcEd25519.Verify(signature, 0, keyPair.Public.MarshalBinary(), 0, message, 0, message.Length));
    }

    [Theory]
    [MemberData(nameof(Rounds))]
    public void Scalar_multiplication_distributes_over_scalar_addition(int round)
    {
        _ = round;
        var a = Ed25519Scalar.Random();
        var b = Ed25519Scalar.Random();
        var p = Ed25519Point.MultiplyBase(Ed25519Scalar.Random());

        Assert.Equal(Ed25519Point.MultiplyBase(a) + Ed25519Point.MultiplyBase(b), Ed25519Point.MultiplyBase(a + b));
        Assert.Equal(a * p + b * p, (a + b) * p);
        Assert.Equal(a * (b * p), (a * b) * p);
        Assert.Equal(Ed25519Point.MultiplyBase(a) - Ed25519Point.MultiplyBase(b), Ed25519Point.MultiplyBase(a - b));
        Assert.Equal(-Ed25519Point.MultiplyBase(a), Ed25519Point.MultiplyBase(-a));
        Assert.Equal(Ed25519Point.Identity, p + -p);
        Assert.Equal(p, p + Ed25519Point.Identity);
    }

    [Theory]
    [MemberData(nameof(Rounds))]
    public void Scalar_arithmetic_matches_big_integers_mod_L(int round)
    {
        _ = round;
        var a = Ed25519Scalar.Random();
        var b = Ed25519Scalar.Random();
        BigInteger A = ToBig(a), B = ToBig(b);

        Assert.Equal((A + B) % L, ToBig(a + b));
        Assert.Equal(((A - B) % L + L) % L, ToBig(a - b));
        Assert.Equal(A * B % L, ToBig(a * b));
        Assert.Equal((L - A) % L, ToBig(-a));
        Assert.True(A > 0 && A < L);
        var wide = new byte[100];
        Random.Shared.NextBytes(wide);
        Assert.Equal(new BigInteger(wide, isUnsigned: true) % L, ToBig(Ed25519Scalar.FromBytesModOrder(wide)));
    }

    [Fact]
    public void Order_times_any_prime_order_point_is_the_identity()
    {
        var p = Ed25519Point.MultiplyBase(Ed25519Scalar.Random());
        var lMinusOne = Ed25519Scalar.Zero - Ed25519Scalar.One;

        // L itself reduces to 0 as a scalar, so L·P = (L−1)·P + P.
        Assert.Equal(Ed25519Point.Identity, lMinusOne * p + p);
        Assert.Equal(Ed25519Point.Identity, Ed25519Point.MultiplyBase(lMinusOne) + Ed25519Point.Base);
        Assert.Equal(Ed25519Point.Identity, Ed25519Scalar.Zero * p);
        Assert.Equal(Ed25519Point.Identity, Ed25519Point.MultiplyBase(Ed25519Scalar.Zero));
        Assert.Equal(p, Ed25519Scalar.One * p);
        Assert.Equal("0100000000000000000000000000000000000000000000000000000000000000", Ed25519Point.Identity.ToHex());
    }

    [Fact]
    public void Multiplication_is_exact_on_torsion_and_mixed_order_points()
    {
        // A point of order 8 (torsion-1T of ed25519-keys.json) and a random prime-order point.
        var torsion = Ed25519Point.FromHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa");
        var a = Ed25519Scalar.Random();
        var mixed = Ed25519Point.MultiplyBase(a) + torsion;
        var eight = Ed25519Scalar.FromBytesModOrder([8]);
        var nine = Ed25519Scalar.FromBytesModOrder([9]);

        Assert.Equal(Ed25519Point.Identity, eight * torsion);
        Assert.Equal(torsion, nine * torsion);
        Assert.False(mixed.HasSmallOrder);
        // 8·(aB + T) = 8a·B: the torsion part vanishes.
        Assert.Equal(Ed25519Point.MultiplyBase(eight * a), eight * mixed);
        Assert.Equal(Ed25519Point.MultiplyBase(a), Ed25519Point.Base.Multiply(a));
    }

    [Fact]
    public void Verification_never_throws_on_random_garbage()
    {
        var keyPair = Ed25519KeyPair.Generate();
        var signature = Schnorr.Sign(keyPair, "m"u8);
        for (var i = 0; i < 200; i++)
        {
            var garbage = (byte[])signature.Clone();
            garbage[Random.Shared.Next(64)] ^= (byte)(1 << Random.Shared.Next(8));
            Assert.False(Schnorr.Verify(keyPair.Public, "m"u8, garbage));
            var randomKey = new byte[Random.Shared.Next(30, 35)];
            Random.Shared.NextBytes(randomKey);
            Assert.False(Schnorr.Verify(randomKey, "m"u8, signature));
        }
    }

    private static BigInteger ToBig(Ed25519Scalar s) => new(s.MarshalBinary(), isUnsigned: true);
}
