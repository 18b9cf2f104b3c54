using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;
using Conode.Interfaces.Tests.Protobuf;
using Conode.Network;
using Conode.Services.Skipchain;
using static Conode.Interfaces.Tests.Skipchain.SkipchainSamples;

namespace Conode.Interfaces.Tests.Skipchain;

/// <summary>
/// Forward-link verification with the collective signatures of cothority-services.md §11.4: roster node0…node3,
/// message = the G→B1′ link hash, signers 0, 1, 2.
/// </summary>
public class ForwardLinkVerifierTests
{
    private const string BdnSignature =
        "4a0f67d6490828462f502b0d9cb46e951347baec5d3127c7b92e76d98092ba065bbc358cde3c7a4cbe906ea5b9c32d3852ba606c5e4a61cd925e2ed49a257f8207";

    private const string BlsSignature =
        "4ebe2d5c0dc524a48fe1c1454529d7ad0d39dcd5f682fc65847b9581eb285af411ee9255aef3bdc900de17e88289223b26b651442d230c5131a67b69a4080a8907";

    /// <summary>G's content with the four-member roster, so that the §11.4 roster is the one in charge of the link.</summary>
    private static SkipBlock FourMemberFrom(uint scheme)
    {
        var from = Genesis(scheme);
        from.Roster = RosterOf(4);
        return from;
    }

    /// <summary>The G→B1′ link carrying a signature.</summary>
    private static ForwardLink LinkToB1Prime(string signatureHex)
    {
        var link = SkipBlockHashing.NewForwardLink(Genesis(), Block1(rosterSize: 4));
        link.Signature.Sig = Hex.Bytes(signatureHex);
        return link;
    }

    [Fact]
    public void BdnSignatureOfTheSpecVerifies() =>
        Assert.Null(ForwardLinkVerifier.Verify(LinkToB1Prime(BdnSignature), FourMemberFrom(scheme: 1)));

    [Fact]
    public void BlsSignatureOfTheSpecVerifiesUnderScheme0() =>
        Assert.Null(ForwardLinkVerifier.Verify(LinkToB1Prime(BlsSignature), FourMemberFrom(scheme: 0)));

    [Fact]
    public void SignaturesOnlyVerifyUnderTheirOwnScheme()
    {
        Assert.Equal("didn't get a valid signature", ForwardLinkVerifier.Verify(LinkToB1Prime(BlsSignature), FourMemberFrom(scheme: 1)));
        Assert.Equal("didn't get a valid signature", ForwardLinkVerifier.Verify(LinkToB1Prime(BdnSignature), FourMemberFrom(scheme: 0)));
    }

    [Fact]
    public void FlippedBitIsRejected()
    {
        var link = LinkToB1Prime(BdnSignature);
        link.Signature.Sig[10] ^= 1;
        Assert.NotNull(ForwardLinkVerifier.Verify(link, FourMemberFrom(scheme: 1)));
    }

    [Theory]
    [InlineData("0f", "didn't get a valid signature")] // claims member 3 too
    [InlineData("0b", "didn't get a valid signature")]
    [InlineData("0700", "participation mask: expected 1 bytes for 4 keys, got 2")]
    public void WrongMaskIsRejected(string mask, string error)
    {
        var link = LinkToB1Prime(BdnSignature[..128] + mask);
        Assert.Equal(error, ForwardLinkVerifier.Verify(link, FourMemberFrom(scheme: 1)));
    }

    [Fact]
    public void TwoSignersOfFourAreTooFew()
    {
        var link = LinkToB1Prime(BdnSignature);
        var roster = RosterOf(4);
        var publics = roster.List.Select(m => ForwardLinkVerifier.SkipchainPublicKey(m)!).ToArray();
        var mask = ParticipationMask.FromIndices(4, [0, 1]);
        var aggregate = Bdn.AggregateSignatures(publics, mask,
            [Bdn.Sign(SkipchainPrivate(0), link.Signature.Msg), Bdn.Sign(SkipchainPrivate(1), link.Signature.Msg)]);
        link.Signature.Sig = CosiSignature.Encode(aggregate, mask);
        Assert.Equal("the policy is not fulfilled: 2 signers", ForwardLinkVerifier.Verify(link, FourMemberFrom(scheme: 1)));
    }

    [Fact]
    public void MessageMustBeTheRecomputedLinkHash()
    {
        var link = LinkToB1Prime(BdnSignature);
        link.NewRoster!.Id = Uuid.V5("another roster id");
        Assert.Equal("wrong hash of forward link", ForwardLinkVerifier.Verify(link, FourMemberFrom(scheme: 1)));
    }

    [Fact]
    public void UnknownSchemeIsRejected() =>
        Assert.Equal("unknown signature scheme", ForwardLinkVerifier.Verify(LinkToB1Prime(BdnSignature), FourMemberFrom(scheme: 2)));

    [Fact]
    public void MemberWithoutSkipchainKeyIsNamed()
    {
        var from = FourMemberFrom(scheme: 1);
        from.Roster!.List[2].ServiceIdentities.Clear();
        Assert.Equal("roster member tls://127.0.0.1:7774 has no Skipchain service key", ForwardLinkVerifier.Verify(LinkToB1Prime(BdnSignature), from));
    }

    [Fact]
    public void KeyReceivedAsOpaqueBytesIsDecoded()
    {
        var member = Node(1);
        var opaque = new Conode.Protobuf.OpaqueKyberValue("bn256.g2", Hex.Bytes(SpecNodes.Nodes[1].Bn));
        member.ServiceIdentities[0].Public = opaque;
        Assert.Equal(G2Point.Unmarshal(Hex.Bytes(SpecNodes.Nodes[1].Bn)), ForwardLinkVerifier.SkipchainPublicKey(member));
        member.ServiceIdentities[0].Public = new Conode.Protobuf.OpaqueKyberValue("bn256.g2", new byte[128].Select(_ => (byte)0xff).ToArray());
        Assert.Null(ForwardLinkVerifier.SkipchainPublicKey(member));
    }

    [Fact]
    public void BlockWithoutRosterCannotVerifyLinks()
    {
        var from = FourMemberFrom(scheme: 1);
        from.Roster = null;
        Assert.Equal("Missing roster in the block", ForwardLinkVerifier.Verify(LinkToB1Prime(BdnSignature), from));
    }

    /// <summary>A genesis over node0…node3 whose level-0 link to a next block members 0, 1, 2 signed.</summary>
    private static SkipBlock SignedGenesis(out SkipBlock next)
    {
        var genesis = Genesis();
        genesis.Roster = RosterOf(4);
        genesis.Hash = SkipBlockHashing.ComputeHash(genesis);
        next = Block1(rosterSize: 4);
        var link = SkipBlockHashing.NewForwardLink(genesis, next);
        var publics = genesis.Roster.List.Select(m => ForwardLinkVerifier.SkipchainPublicKey(m)!).ToArray();
        var mask = ParticipationMask.FromIndices(4, [0, 1, 2]);
        var signatures = new[] { 0, 1, 2 }.Select(i => Bdn.Sign(SkipchainPrivate(i), link.Signature.Msg)).ToArray();
        link.Signature.Sig = CosiSignature.Encode(Bdn.AggregateSignatures(publics, mask, signatures), mask);
        genesis.ForwardLinks = [link, new ForwardLink()];
        return genesis;
    }

    [Fact]
    public void BlockWithASignedLinkAndAPlaceholderVerifies() =>
        Assert.Null(ForwardLinkVerifier.VerifyForwardSignatures(SignedGenesis(out _)));

    [Fact]
    public void BlockLevelCheckReportsTheBadLink()
    {
        var genesis = SignedGenesis(out _);
        genesis.ForwardLinks[0].Signature.Sig[0] ^= 0x80;
        Assert.StartsWith("Wrong signature in forward-link: ", ForwardLinkVerifier.VerifyForwardSignatures(genesis));
    }

    [Fact]
    public void BlockLevelCheckRecomputesTheHash()
    {
        var genesis = SignedGenesis(out _);
        genesis.Data = "changed"u8.ToArray();
        Assert.Equal("Calculated hash does not match", ForwardLinkVerifier.VerifyForwardSignatures(genesis));
        genesis.Roster!.List[0].Public = null;
        Assert.Equal("roster member tls://127.0.0.1:7770 has no public key", ForwardLinkVerifier.VerifyForwardSignatures(genesis));
    }
}
