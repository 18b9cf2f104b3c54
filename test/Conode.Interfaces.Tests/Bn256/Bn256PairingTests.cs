using Conode.Crypto.Bn256;

namespace Conode.Interfaces.Tests.Bn256;

public class Bn256PairingTests
{
    private const string File = "pairing.json";

    [Fact]
    public void BaseAndIdentityMatchKyberGt()
    {
        Assert.Equal(Bn256Vectors.Case("bn256-points.json", "gt", "pair-g1-base-g2-base").Str("gt_hex"), GtElement.Base.ToString());
        Assert.Equal(Bn256Vectors.Case("bn256-points.json", "gt", "gt-one").Str("gt_hex"), GtElement.Identity.ToString());
    }

    [Fact]
    public void BilinearityCaseMatchesKyber()
    {
        var c = Bn256Vectors.Case(File, "cases", "bilinearity");
        var a = Scalar.Unmarshal(c.Hex("a_be_hex"));
        var b = Scalar.Unmarshal(c.Hex("b_be_hex"));
        var ab = Scalar.Unmarshal(c.Hex("ab_be_hex"));
        Assert.Equal(ab, a.Mul(b));
        Assert.Equal(c.Str("g1_a_hex"), G1Point.Base.Mul(a).ToString());
        Assert.Equal(c.Str("g2_b_hex"), G2Point.Base.Mul(b).ToString());
        Assert.Equal(c.Str("g1_ab_hex"), G1Point.Base.Mul(ab).ToString());
        Assert.Equal(c.Str("g2_ab_hex"), G2Point.Base.Mul(ab).ToString());
        var g1a = G1Point.Unmarshal(c.Hex("g1_a_hex"));
        var g2b = G2Point.Unmarshal(c.Hex("g2_b_hex"));
        Assert.Equal(c.Str("e_aG1_bG2_hex"), Bn256Pairing.Pair(g1a, g2b).ToString());
        Assert.Equal(c.Str("e_abG1_G2_hex"), Bn256Pairing.Pair(G1Point.Unmarshal(c.Hex("g1_ab_hex")), G2Point.Base).ToString());
        Assert.Equal(c.Str("e_G1_abG2_hex"), Bn256Pairing.Pair(G1Point.Base, G2Point.Unmarshal(c.Hex("g2_ab_hex"))).ToString());
        Assert.Equal(c.Str("e_G1_G2_pow_ab_hex"), GtElement.Base.Mul(ab).ToString());
    }

    [Fact]
    public void InfinityPairsToOne()
    {
        var c = Bn256Vectors.Case(File, "cases", "infinity");
        Assert.Equal(c.Str("e_inf_G2_hex"), Bn256Pairing.Pair(G1Point.Infinity, G2Point.Base).ToString());
        Assert.Equal(c.Str("e_G1_inf_hex"), Bn256Pairing.Pair(G1Point.Base, G2Point.Infinity).ToString());
        Assert.Equal(c.Str("gt_one_hex"), GtElement.Identity.ToString());
    }

    [Fact]
    public void NegationProductIsOne()
    {
        var c = Bn256Vectors.Case(File, "cases", "negation-product");
        var p = G1Point.Unmarshal(c.Hex("p_hex"));
        var q = G2Point.Unmarshal(c.Hex("q_hex"));
        var e = Bn256Pairing.Pair(p, q);
        var eNeg = Bn256Pairing.Pair(p.Neg(), q);
        Assert.Equal(c.Str("e_P_Q_hex"), e.ToString());
        Assert.Equal(c.Str("e_negP_Q_hex"), eNeg.ToString());
        Assert.True(e.Add(eNeg).IsIdentity);
        Assert.True(Bn256Pairing.PairProductIsOne([(p, q), (p.Neg(), q)]));
    }

    [Fact]
    public void BlsEquationHoldsAsGtValues()
    {
        var (c, h, x, s) = BlsIdentityCase();
        Assert.Equal(c.Str("e_H_X_hex"), Bn256Pairing.Pair(h, x).ToString());
        Assert.Equal(c.Str("e_S_G2_hex"), Bn256Pairing.Pair(s, G2Point.Base).ToString());
        Assert.True(Bn256Pairing.PairProductIsOne([(h, x), (s.Neg(), G2Point.Base)]));
    }

    [Fact]
    public void RememberedLinesGiveTheSameVerdicts()
    {
        var (c, h, x, s) = BlsIdentityCase();
        // The same key decoded again, and as a non-affine point (the sum of two halves), must hit the same lines.
        var half = Scalar.Random();
        var xAsSum = x.Add(G2Point.Base.Mul(half)).Add(G2Point.Base.Mul(half).Neg());
        var otherKey = G2Point.Base.Mul(Scalar.Random());
        for (var round = 0; round < 2; round++)
        {
            Assert.True(Bn256Pairing.PairProductIsOne([(h, x), (s.Neg(), G2Point.Base)], recurringQ: true));
            Assert.True(Bn256Pairing.PairProductIsOne([(h, G2Point.Unmarshal(c.Hex("public_hex"))), (s.Neg(), G2Point.Base)], recurringQ: true));
            Assert.True(Bn256Pairing.PairProductIsOne([(h, xAsSum), (s.Neg(), G2Point.Base)], recurringQ: true));
            Assert.False(Bn256Pairing.PairProductIsOne([(h, otherKey), (s.Neg(), G2Point.Base)], recurringQ: true));
            Assert.False(Bn256Pairing.PairProductIsOne([(h, x), (s, G2Point.Base)], recurringQ: true));
        }
    }

    /// <summary>kyber's BLS case: H(m), the public key X and the signature σ with e(H, X) = e(σ, G2).</summary>
    private static (System.Text.Json.JsonElement Case, G1Point H, G2Point X, G1Point Signature) BlsIdentityCase()
    {
        var c = Bn256Vectors.Case(File, "cases", "bls-identity");
        return (c, G1Point.Unmarshal(c.Hex("h_hex")), G2Point.Unmarshal(c.Hex("public_hex")), G1Point.Unmarshal(c.Hex("signature_hex")));
    }

    [Fact]
    public void BlsChecksStayRightWhenMoreKeysRecurThanAreRemembered()
    {
        var message = "remembered lines"u8.ToArray();
        var keys = Enumerable.Range(0, 150).Select(_ => Scalar.Random()).ToList();
        foreach (var key in keys.Concat(keys.Take(10)))
        {
            var signature = Conode.Crypto.Bls.Bls.Sign(key, message);
            Assert.True(Conode.Crypto.Bls.Bls.Verify(G2Point.Base.Mul(key), message, signature));
            Assert.False(Conode.Crypto.Bls.Bls.Verify(G2Point.Base.Mul(key), "another message"u8, signature));
        }
    }

    [Fact]
    public void PairingIsBilinearForRandomScalars()
    {
        var a = Scalar.Random();
        var b = Scalar.Random();
        var expected = GtElement.Base.Mul(a.Mul(b));
        Assert.Equal(expected, Bn256Pairing.Pair(G1Point.Base.Mul(a), G2Point.Base.Mul(b)));
        Assert.Equal(expected, Bn256Pairing.Pair(G1Point.Base.Mul(a.Mul(b)), G2Point.Base));
        var p = G1Point.Base.Mul(Scalar.Random());
        var q1 = G2Point.Base.Mul(Scalar.Random());
        var q2 = G2Point.Base.Mul(Scalar.Random());
        Assert.Equal(Bn256Pairing.Pair(p, q1).Add(Bn256Pairing.Pair(p, q2)), Bn256Pairing.Pair(p, q1.Add(q2)));
        Assert.Equal(Bn256Pairing.Pair(p, q1).Add(Bn256Pairing.Pair(p, q2)), Bn256Pairing.PairProduct([(p, q1), (p, q2)]));
    }

    [Fact]
    public void GtHasOrderNAndIsNonDegenerate()
    {
        Assert.False(GtElement.Base.IsIdentity);
        Assert.True(GtElement.Base.Mul(Scalar.FromBigInteger(Scalar.Order - 1)).Add(GtElement.Base).IsIdentity);
    }

    [Fact]
    public void CyclotomicSquaringAgreesWithGenericSquaring()
    {
        var g = GtElement.Base.Value;
        Assert.True(Fp12.Equal(Fp12.Sqr(g), Fp12.CyclotomicSqr(g)));
    }

    [Fact]
    public void GtEncodingRoundTrips()
    {
        var g = GtElement.Base.Mul(Scalar.Random());
        Assert.Equal(g, GtElement.Unmarshal(g.MarshalBinary()));
        Assert.Contains("need 384 bytes", Assert.Throws<FormatException>(() => GtElement.Unmarshal(new byte[383])).Message);
    }
}
