using System.Numerics;
using Conode.Crypto.Bn256;

namespace Conode.Interfaces.Tests.Bn256;

public class Bn256PointTests
{
    private const string File = "bn256-points.json";

    public static TheoryData<string> ScalarCases => Bn256Vectors.Ids(File, "scalar_encoding");
    public static TheoryData<string> G1Cases => Bn256Vectors.Ids(File, "g1_multiples");
    public static TheoryData<string> G2Cases => Bn256Vectors.Ids(File, "g2_multiples");
    public static TheoryData<string> AdditionCases => Bn256Vectors.Ids(File, "additions");
    public static TheoryData<string> DecodingCases => Bn256Vectors.Ids(File, "decoding");
    public static TheoryData<string> KeyCases => Bn256Vectors.Ids("conode-toml-keys.json", "cases", c => c.Str("suite") == "bn256.adapter");

    [Theory]
    [MemberData(nameof(ScalarCases))]
    public void ScalarEncodingMatchesKyber(string id)
    {
        var c = Bn256Vectors.Case(File, "scalar_encoding", id);
        var s = Scalar.FromBigInteger(BigInteger.Parse(c.Str("value_dec")));
        Assert.Equal(c.Str("marshal_hex"), Convert.ToHexStringLower(s.MarshalBinary()));
        Assert.Equal(s, Scalar.Unmarshal(c.Hex("marshal_hex")));
    }

    [Theory]
    [MemberData(nameof(G1Cases))]
    public void G1MultiplesMatchKyber(string id)
    {
        var c = Bn256Vectors.Case(File, "g1_multiples", id);
        var k = Scalar.Unmarshal(c.Hex("scalar_be_hex"));
        var p = G1Point.Base.Mul(k);
        Assert.Equal(c.Str("point_hex"), p.ToString());
        Assert.Equal(p, G1Point.Unmarshal(c.Hex("point_hex")));
        Assert.Equal(c.Str("point_hex"), G1Point.Unmarshal(p.MarshalBinary()).ToString());
    }

    [Theory]
    [MemberData(nameof(G2Cases))]
    public void G2MultiplesMatchKyber(string id)
    {
        var c = Bn256Vectors.Case(File, "g2_multiples", id);
        var k = Scalar.Unmarshal(c.Hex("scalar_be_hex"));
        var q = G2Point.Base.Mul(k);
        Assert.Equal(c.Str("point_hex"), q.ToString());
        Assert.Equal(q, G2Point.Unmarshal(c.Hex("point_hex")));
        Assert.Equal(c.Str("point_hex"), G2Point.Unmarshal(q.MarshalBinary()).ToString());
    }

    [Theory]
    [MemberData(nameof(AdditionCases))]
    public void AdditionsMatchKyber(string id)
    {
        var c = Bn256Vectors.Case(File, "additions", id);
        var sum = c.Str("group") == "G1"
            ? G1Point.Unmarshal(c.Hex("a_hex")).Add(G1Point.Unmarshal(c.Hex("b_hex"))).ToString()
            : G2Point.Unmarshal(c.Hex("a_hex")).Add(G2Point.Unmarshal(c.Hex("b_hex"))).ToString();
        Assert.Equal(c.Str("sum_hex"), sum);
    }

    [Theory]
    [MemberData(nameof(DecodingCases))]
    public void DecodingFollowsGo(string id)
    {
        var c = Bn256Vectors.Case(File, "decoding", id);
        var data = c.Hex("encoding_hex");
        Func<string> decode = c.Str("group") == "G1"
            ? () => G1Point.Unmarshal(data).ToString()
            : () => G2Point.Unmarshal(data).ToString();
        if (c.GetProperty("go_unmarshal_ok").GetBoolean())
        {
            var reencoded = decode();
            if (c.TryGetProperty("js_reencoded_hex", out var js) && js.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                Assert.Equal(js.GetString(), reencoded);
            }
        }
        else
        {
            var e = Assert.Throws<FormatException>(() => decode());
            Assert.Contains("not on the", e.Message);
        }
    }

    [Fact]
    public void GeneratorsEncodeAsInTheSpec()
    {
        var conventions = Bn256Vectors.Load(File).GetProperty("conventions");
        Assert.Equal(conventions.Str("g1_generator_hex"), G1Point.Base.ToString());
        Assert.Equal(conventions.Str("g2_generator_hex"), G2Point.Base.ToString());
    }

    [Fact]
    public void TwistConstantIsThreeOverXi()
    {
        var b = Bn256Vectors.Load(File).GetProperty("conventions").GetProperty("twist_b");
        Assert.Equal(BigInteger.Parse(b.Str("real_dec")), G2Point.B.Re.ToBigInteger());
        Assert.Equal(BigInteger.Parse(b.Str("imag_dec")), G2Point.B.Im.ToBigInteger());
    }

    [Fact]
    public void InfinityEncodesAsZeros()
    {
        Assert.Equal(new byte[64], G1Point.Infinity.MarshalBinary());
        Assert.Equal(new byte[128], G2Point.Infinity.MarshalBinary());
        Assert.True(G1Point.Unmarshal(new byte[64]).IsInfinity);
        Assert.True(G2Point.Unmarshal(new byte[128]).IsInfinity);
    }

    [Fact]
    public void ShortEncodingsAreRejected()
    {
        Assert.Contains("need 64 bytes", Assert.Throws<FormatException>(() => G1Point.Unmarshal(new byte[63])).Message);
        Assert.Contains("need 128 bytes", Assert.Throws<FormatException>(() => G2Point.Unmarshal(new byte[127])).Message);
        Assert.Contains("expected 32 bytes", Assert.Throws<FormatException>(() => Scalar.Unmarshal(new byte[31])).Message);
    }

    [Fact]
    public void ScalarUnmarshalRejectsOrderButSetBytesReduces()
    {
        var n = Scalar.Order.ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.Contains("group order", Assert.Throws<FormatException>(() => Scalar.Unmarshal(n)).Message);
        Assert.True(Scalar.FromBytesReduced(n).IsZero);
    }

    [Fact]
    public void GroupOrdersAreN()
    {
        var minusOne = Scalar.FromBigInteger(-1);
        Assert.Equal(G1Point.Base.Neg(), G1Point.Base.Mul(minusOne));
        Assert.Equal(G2Point.Base.Neg(), G2Point.Base.Mul(minusOne));
        Assert.True(G1Point.Base.Mul(minusOne).Add(G1Point.Base).IsInfinity);
        Assert.True(G2Point.Base.Mul(minusOne).Add(G2Point.Base).IsInfinity);
    }

    [Fact]
    public void RandomScalarMultiplicationIsLinear()
    {
        for (var i = 0; i < 4; i++)
        {
            var a = Scalar.Random();
            var b = Scalar.Random();
            Assert.Equal(G1Point.Base.Mul(a).Add(G1Point.Base.Mul(b)), G1Point.Base.Mul(a.Add(b)));
            Assert.Equal(G2Point.Base.Mul(a).Mul(b), G2Point.Base.Mul(a.Mul(b)));
            var roundTrip = G2Point.Unmarshal(G2Point.Base.Mul(a).MarshalBinary());
            Assert.Equal(G2Point.Base.Mul(a), roundTrip);
            Assert.Equal(a, Scalar.Unmarshal(a.MarshalBinary()));
        }
    }

    [Fact]
    public void SecretMultiplicationAgreesWithPlainWindowedMultiplication()
    {
        var p = G1Point.Base.Mul(Scalar.Random());
        var q = G2Point.Base.Mul(Scalar.Random());
        var edge = new[] { Scalar.Zero, Scalar.One, Scalar.FromBigInteger(-1), Scalar.FromBigInteger(Scalar.Order / 2) };
        foreach (var k in edge.Concat(Enumerable.Range(0, 6).Select(_ => Scalar.Random())))
        {
            var limbs = k.Limbs.ToArray();
            Assert.Equal(new G1Point(Jacobian<Fp>.MultiplySum([p.P], [limbs])), p.Mul(k));
            Assert.Equal(new G2Point(Jacobian<Fp2>.MultiplySum([q.P], [limbs])), q.Mul(k));
            // The generators take the precomputed-comb path.
            Assert.Equal(new G1Point(Jacobian<Fp>.MultiplySum([G1Point.Base.P], [limbs])), G1Point.Base.Mul(k));
            Assert.Equal(new G2Point(Jacobian<Fp2>.MultiplySum([G2Point.Base.P], [limbs])), G2Point.Base.Mul(k));
        }
    }

    [Fact]
    public void TablesOverASharedZHoldTheMultiplesAndAddOnTheIsomorphicCurve()
    {
        CheckSharedZTable(G1Point.Base.Mul(Scalar.Random()).P, G1Point.Base.Mul(Scalar.Random()).P);
        CheckSharedZTable(G2Point.Base.Mul(Scalar.Random()).P, G2Point.Base.Mul(Scalar.Random()).P);
    }

    private static void CheckSharedZTable<T>(Jacobian<T> p, Jacobian<T> other) where T : unmanaged, IField<T>
    {
        Span<Jacobian<T>> multiples = new Jacobian<T>[9];
        Jacobian<T>.BuildTable(p, multiples);
        var shared = Jacobian<T>.ToSharedZ(multiples[1..], out var z);
        for (var i = 1; i < multiples.Length; i++)
        {
            Assert.True(Jacobian<T>.Equal(Jacobian<T>.MultiplySum([p], [[(ulong)i]]), multiples[i]), $"{i}·p");
            var (x, y) = shared[i - 1];
            Assert.True(Jacobian<T>.Equal(multiples[i], Jacobian<T>.FromIsomorphic(Jacobian<T>.FromAffine(x, y), z)), $"{i}·p over the shared Z");
            // A mixed addition on the isomorphic curve, mapped back, is the addition here.
            var sum = Jacobian<T>.FromIsomorphic(Jacobian<T>.AddAffine(Jacobian<T>.ToIsomorphic(other, z), x, y), z);
            Assert.True(Jacobian<T>.Equal(Jacobian<T>.Add(other, multiples[i]), sum), $"other + {i}·p");
        }
    }

    [Fact]
    public void TwistedFrobeniusActsAsSixUSquaredOnG2()
    {
        var u = BigInteger.Parse(Bn256Vectors.Load(File).GetProperty("conventions").Str("u_dec"));
        var q = G2Point.Base.Mul(Scalar.Random());
        Assert.Equal(q.Mul(Scalar.FromBigInteger(6 * u * u)), new G2Point(G2Point.Frobenius(q.P)));
    }

    [Theory]
    [MemberData(nameof(KeyCases))]
    public void ConodeServiceKeysDerive(string id)
    {
        var c = Bn256Vectors.Case("conode-toml-keys.json", "cases", id);
        var kp = Bn256KeyPair.FromPrivateHex(c.Str("private_hex"));
        Assert.Equal(c.Str("private_hex"), kp.PrivateHex);
        Assert.Equal(c.Str("public_hex"), kp.PublicHex);
    }

    [Fact]
    public void KeyPairFromHexFollowsOnet()
    {
        var kp = Bn256KeyPair.Generate();
        Assert.Equal(64, kp.PrivateHex.Length);
        Assert.Equal(256, kp.PublicHex.Length);
        Assert.Equal(kp.PublicHex, Bn256KeyPair.FromPrivateHex(kp.PrivateHex + "ignored").PublicHex);
        Assert.Equal(kp.PublicHex, G2Point.Base.Mul(Scalar.Unmarshal(Convert.FromHexString(kp.PrivateHex))).ToString());
        Assert.Throws<FormatException>(() => Bn256KeyPair.FromPrivateHex(kp.PrivateHex[..62]));
    }
}
