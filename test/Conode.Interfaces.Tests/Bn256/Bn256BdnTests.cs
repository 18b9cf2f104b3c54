using System.Numerics;
using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;
using Org.BouncyCastle.Crypto.Digests;

namespace Conode.Interfaces.Tests.Bn256;

public class Bn256BdnTests
{
    private const string File = "bdn.json";

    public static TheoryData<string> XofCases => Bn256Vectors.Ids(File, "blake2xs");
    public static TheoryData<string> CoefficientCases => Bn256Vectors.Ids(File, "coefficients");
    public static TheoryData<string> AggregateCases => Bn256Vectors.Ids(File, "aggregate");
    public static TheoryData<string> VerifyCases => Bn256Vectors.Ids(File, "verify");

    private static G2Point[] Roster(System.Text.Json.JsonElement c) =>
        c.StrArray("roster_publics_hex").Select(h => G2Point.Unmarshal(Convert.FromHexString(h))).ToArray();

    [Theory]
    [MemberData(nameof(XofCases))]
    public void Blake2xsMatchesGo(string id)
    {
        var c = Bn256Vectors.Case(File, "blake2xs", id);
        var input = c.Hex("input_hex");
        var xof = new Blake2xsDigest(Blake2xsDigest.UnknownDigestLength);
        xof.BlockUpdate(input, 0, input.Length);
        var output = new byte[c.GetProperty("output_length").GetInt32()];
        xof.OutputFinal(output, 0, output.Length);
        Assert.Equal(c.Str("output_hex"), Convert.ToHexStringLower(output));
    }

    [Theory]
    [MemberData(nameof(CoefficientCases))]
    public void CoefficientsMatchKyber(string id)
    {
        var c = Bn256Vectors.Case(File, "coefficients", id);
        var coefficients = Bdn.Coefficients(Roster(c));
        var expected = c.GetProperty("coefficients").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, coefficients.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(BigInteger.Parse(expected[i].Str("coefficient_dec")), (BigInteger)coefficients[i]);
        }
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
    [MemberData(nameof(AggregateCases))]
    public void AggregationMatchesKyber(string id)
    {
        var c = Bn256Vectors.Case(File, "aggregate", id);
        var roster = Roster(c);
        var participants = c.GetProperty("participants").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var mask = ParticipationMask.FromIndices(roster.Length, participants);
        Assert.Equal(c.Str("mask_hex"), Convert.ToHexStringLower(mask.ToBytes()));
        Assert.Equal(participants, mask.Enabled);
        Assert.Equal(c.GetProperty("coefficients_dec").EnumerateArray().Select(e => BigInteger.Parse(e.GetString()!)),
            Bdn.Coefficients(roster).Select(x => (BigInteger)x));

        var signatures = c.GetProperty("individual_signatures_hex").EnumerateArray()
            .Where(e => e.ValueKind == System.Text.Json.JsonValueKind.String)
            .Select(e => Convert.FromHexString(e.GetString()!)).ToArray();
        var msg = c.Hex("message_hex");
        Assert.All(signatures.Zip(participants), s => Assert.True(Bdn.Verify(roster[s.Second], msg, s.First)));

        var aggregate = Bdn.AggregateSignatures(roster, mask, signatures);
        Assert.Equal(c.Str("aggregate_signature_hex"), aggregate.ToString());
        var aggregatePublic = Bdn.AggregatePublicKeys(roster, mask);
        Assert.Equal(c.Str("aggregate_public_hex"), aggregatePublic.ToString());
        var wire = CosiSignature.Encode(aggregate, mask);
        Assert.Equal(c.Str("wire_signature_hex"), Convert.ToHexStringLower(wire));

        Assert.Equal(c.GetProperty("crypto_valid").GetBoolean(), Bdn.Verify(aggregatePublic, msg, wire));
        Assert.Equal(c.GetProperty("default_threshold").GetInt32(), ThresholdPolicy.DefaultThreshold(roster.Length));
        Assert.Equal(c.GetProperty("default_policy_satisfied").GetBoolean(),
            CosiSignature.Verify(SignatureScheme.Bdn, roster, msg, wire, out _));

        var cached = new BdnRoster(roster);
        Assert.Equal(c.Str("aggregate_public_hex"), cached.AggregatePublicKeys(mask).ToString());
        Assert.Equal(c.GetProperty("default_policy_satisfied").GetBoolean(),
            CosiSignature.Verify(cached, msg, wire, ThresholdPolicy.Default(roster.Length), out _));
    }

    [Fact]
    public void TreeAggregationEqualsTheFullAggregate()
    {
        var c = Bn256Vectors.Case(File, "tree_aggregation", "n9-two-subtrees");
        var full = Bn256Vectors.Case(File, "aggregate", c.Str("equals_case"));
        var roster = Roster(full);
        var allSignatures = full.GetProperty("individual_signatures_hex").EnumerateArray().ToArray();
        G1Point Partial(System.Text.Json.JsonElement subtree, out ParticipationMask mask)
        {
            var participants = subtree.GetProperty("participants").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            mask = ParticipationMask.FromIndices(roster.Length, participants);
            Assert.Equal(subtree.Str("mask_hex"), Convert.ToHexStringLower(mask.ToBytes()));
            var sigs = participants.Select(i => Convert.FromHexString(allSignatures[i].GetString()!)).ToArray();
            var partial = Bdn.AggregateSignatures(roster, mask, sigs);
            Assert.Equal(subtree.Str("partial_aggregate_hex"), partial.ToString());
            return partial;
        }
        var a = Partial(c.GetProperty("subtree_a"), out var maskA);
        var b = Partial(c.GetProperty("subtree_b"), out var maskB);
        var merged = maskA.Merge(maskB);
        Assert.Equal(c.Str("merged_mask_hex"), Convert.ToHexStringLower(merged.ToBytes()));
        Assert.Equal(c.Str("final_signature_hex"), a.Add(b).ToString());
        Assert.True(CosiSignature.Verify(SignatureScheme.Bdn, roster, full.Hex("message_hex"), CosiSignature.Encode(a.Add(b), merged), out _));
    }

    [Theory]
    [MemberData(nameof(VerifyCases))]
    public void VerifyGivesExpectedVerdict(string id)
    {
        var c = Bn256Vectors.Case(File, "verify", id);
        var roster = Roster(c);
        var mask = ParticipationMask.FromBytes(c.Hex("mask_hex"), roster.Length);
        var ok = Bdn.Verify(Bdn.AggregatePublicKeys(roster, mask), c.Hex("message_hex"), c.Hex("signature_hex"));
        Assert.Equal(c.Str("expected") == "accept", ok);
        Assert.Equal(ok, Bdn.Verify(new BdnRoster(roster).AggregatePublicKeys(mask), c.Hex("message_hex"), c.Hex("signature_hex")));
        var wire = CosiSignature.Encode(G1Point.Unmarshal(c.Hex("signature_hex")), mask);
        Assert.Equal(ok, CosiSignature.Verify(SignatureScheme.Bdn, roster, c.Hex("message_hex"), wire, new ThresholdPolicy(0), out _));
    }

    [Fact]
    public void MaskFollowsKyberLayout()
    {
        var mask = ParticipationMask.FromIndices(9, [0, 1, 3, 4, 5, 7, 8]);
        Assert.Equal("bb01", Convert.ToHexStringLower(mask.ToBytes()));
        Assert.Equal(7, mask.CountEnabled);
        Assert.Equal(mask.ToBytes(), ParticipationMask.FromBytes(mask.ToBytes(), 9).ToBytes());
        Assert.Contains("expected 2 bytes", Assert.Throws<FormatException>(() => ParticipationMask.FromBytes([0xbb], 9)).Message);
        Assert.Throws<FormatException>(() => ParticipationMask.FromBytes([0xbb, 1, 0], 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => mask[9] = true);
        Assert.True(new CompletePolicy().Check(ParticipationMask.All(9)));
        Assert.False(new CompletePolicy().Check(mask));
        Assert.True(ThresholdPolicy.Default(9).Check(mask));
    }
}
