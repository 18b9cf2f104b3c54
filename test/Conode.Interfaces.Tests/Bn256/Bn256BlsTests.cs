using System.Numerics;
using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;

namespace Conode.Interfaces.Tests.Bn256;

public class Bn256BlsTests
{
    private const string File = "bls.json";

    public static TheoryData<string> HashCases => Bn256Vectors.Ids("hash-to-g1.json", "cases");
    public static TheoryData<string> SignCases => Bn256Vectors.Ids(File, "sign");
    public static TheoryData<string> VerifyCases => Bn256Vectors.Ids(File, "verify");
    public static TheoryData<string> AggregateCases => Bn256Vectors.Ids(File, "aggregate_plain");

    [Theory]
    [MemberData(nameof(HashCases))]
    public void HashToG1MatchesKyber(string id)
    {
        var c = Bn256Vectors.Case("hash-to-g1.json", "cases", id);
        var msg = c.Hex("message_hex");
        Assert.Equal(c.Str("sha256_hex"), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(msg)));
        var x0 = BigInteger.Parse(c.Str("x0_dec"));
        var h = G1Point.Hash(msg);
        Assert.Equal(c.Str("point_hex"), h.ToString());
        var x = new BigInteger(Convert.FromHexString(c.Str("x_hex")), isUnsigned: true, isBigEndian: true);
        Assert.Equal(c.GetProperty("increments").GetInt32(), (int)(x - x0));
        Assert.Equal(c.Str("x_hex") + c.Str("y_hex"), h.ToString());
    }

    [Theory]
    [MemberData(nameof(SignCases))]
    public void SignMatchesKyber(string id)
    {
        var c = Bn256Vectors.Case(File, "sign", id);
        var kp = Bn256KeyPair.FromPrivateHex(c.Str("private_be_hex"));
        Assert.Equal(c.Str("public_hex"), kp.PublicHex);
        var msg = c.Hex("message_hex");
        Assert.Equal(c.Str("hash_to_g1_hex"), G1Point.Hash(msg).ToString());
        var sig = Bls.Sign(kp.Private, msg);
        Assert.Equal(c.Str("signature_hex"), Convert.ToHexStringLower(sig));
        Assert.True(Bls.Verify(kp.Public, msg, sig));
    }

    [Fact]
    public void FixtureKeysDerive()
    {
        foreach (var k in Bn256Vectors.Load(File).GetProperty("keys").EnumerateArray())
        {
            Assert.Equal(k.Str("public_hex"), Bn256KeyPair.FromPrivateHex(k.Str("private_be_hex")).PublicHex);
        }
    }

    [Theory]
    [MemberData(nameof(VerifyCases))]
    public void VerifyGivesGoVerdict(string id)
    {
        var c = Bn256Vectors.Case(File, "verify", id);
        var ok = Bls.Verify(G2Point.Unmarshal(c.Hex("public_hex")), c.Hex("message_hex"), c.Hex("signature_hex"));
        Assert.Equal(c.Str("go_expected") == "accept", ok);
    }

    [Theory]
    [MemberData(nameof(AggregateCases))]
    public void PlainAggregationMatchesKyber(string id)
    {
        var c = Bn256Vectors.Case(File, "aggregate_plain", id);
        var roster = c.StrArray("roster_publics_hex").Select(h => G2Point.Unmarshal(Convert.FromHexString(h))).ToArray();
        var participants = c.GetProperty("participants").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var mask = ParticipationMask.FromIndices(roster.Length, participants);
        Assert.Equal(c.Str("mask_hex"), Convert.ToHexStringLower(mask.ToBytes()));
        var sigs = c.StrArray("individual_signatures_hex").Select(h => G1Point.Unmarshal(Convert.FromHexString(h)));
        var aggregate = Bls.AggregateSignatures(sigs);
        Assert.Equal(c.Str("aggregate_signature_hex"), aggregate.ToString());
        Assert.Equal(c.Str("aggregate_public_hex"), Bls.AggregatePublicKeys(participants.Select(i => roster[i])).ToString());

        var wire = c.GetProperty("mask_appended").GetBoolean() ? CosiSignature.Encode(aggregate, mask) : aggregate.MarshalBinary();
        Assert.Equal(c.Str("wire_signature_hex"), Convert.ToHexStringLower(wire));
        var msg = c.Hex("message_hex");
        Assert.Equal(c.GetProperty("default_threshold").GetInt32(), ThresholdPolicy.DefaultThreshold(roster.Length));
        Assert.Equal(c.GetProperty("crypto_valid").GetBoolean(),
            CosiSignature.Verify(SignatureScheme.Bls, roster, msg, wire, new ThresholdPolicy(0), out _));
        var policyOk = CosiSignature.Verify(SignatureScheme.Bls, roster, msg, wire, out var error);
        Assert.Equal(c.GetProperty("default_policy_satisfied").GetBoolean(), policyOk);
        Assert.Equal(policyOk, error.Length == 0);
    }

    [Fact]
    public void RandomKeysSignAndVerify()
    {
        var kp = Bn256KeyPair.Generate();
        var msg = "forward link"u8.ToArray();
        var sig = Bls.Sign(kp.Private, msg);
        Assert.True(Bls.Verify(kp.Public, msg, sig));
        Assert.False(Bls.Verify(kp.Public, "other"u8, sig));
        Assert.False(Bls.Verify(Bn256KeyPair.Generate().Public, msg, sig));
        Assert.False(Bls.Verify(kp.Public, msg, sig.AsSpan(0, 63)));
    }

    [Fact]
    public void MalformedWireSignaturesAreRejectedWithAReason()
    {
        var roster = new[] { Bn256KeyPair.Generate().Public, Bn256KeyPair.Generate().Public };
        Assert.False(CosiSignature.Verify(SignatureScheme.Bls, roster, "m"u8, new byte[10], out var error));
        Assert.Contains("at least 64 bytes", error);
        Assert.False(CosiSignature.Verify(SignatureScheme.Bdn, roster, "m"u8, new byte[66], out error));
        Assert.Contains("expected 1 bytes", error);
        var offCurve = new byte[65];
        offCurve[31] = 1;
        offCurve[63] = 1;
        Assert.False(CosiSignature.Verify(SignatureScheme.Bdn, roster, "m"u8, offCurve, out error));
        Assert.Contains("not on the curve", error);
        Assert.False(CosiSignature.Verify(SignatureScheme.Bls, [], "m"u8, offCurve, out error));
        Assert.Contains("no public keys", error);
    }
}
