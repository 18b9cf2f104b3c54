using Conode.Crypto.Bn256;
using Conode.Crypto.Ed25519;
using Conode.Interfaces.Tests.Protobuf;
using Conode.Network;
using Conode.Protobuf;
using Conode.Services.Skipchain;
using static Conode.Interfaces.Tests.Skipchain.SkipchainSamples;

namespace Conode.Interfaces.Tests.Skipchain;

/// <summary>cothority-services.md §11.3 and §11.6: block encodings, block hashes and link hashes.</summary>
public class SkipBlockVectorTests
{
    [Fact]
    public void GenesisEncodesLikeGo() => Assert.Equal(ProtobufG, Hex.Of(DedisProtobuf.Encode(Genesis())));

    [Fact]
    public void GenesisDecodesAndReencodesByteExactly()
    {
        var block = DedisProtobuf.Decode<SkipBlock>(Hex.Bytes(ProtobufG));
        Assert.Equal((0, 32, 32, 4, 1u), (block.Index, block.Height, block.MaximumHeight, block.BaseHeight, block.SignatureScheme));
        Assert.Equal(RandomBackLink, Hex.Of(Assert.Single(block.BackLinkIds)));
        Assert.Equal(SkipchainConstants.VerifyBase, Assert.Single(block.VerifierIds));
        Assert.Equal(("", "hello", "", HashG), (Hex.Of(block.GenesisId), System.Text.Encoding.ASCII.GetString(block.Data), Hex.Of(block.Payload), Hex.Of(block.Hash)));
        Assert.Empty(block.ForwardLinks);
        var member = Assert.Single(block.Roster!.List);
        Assert.IsType<Ed25519Point>(member.Public);
        Assert.IsType<G2Point>(Assert.Single(member.ServiceIdentities).Public);
        Assert.Equal(HashG, Hex.Of(SkipBlockHashing.ComputeHash(block)));
        Assert.Equal(ProtobufG, Hex.Of(DedisProtobuf.Encode(block)));
    }

    [Fact]
    public void NetworkMarshalPrefixesTheSkipBlockTypeId()
    {
        var packet = MessageRegistry.Default.Marshal(Genesis());
        Assert.Equal("0e3e2be49e6550e2b62766de925856de" + ProtobufG, Hex.Of(packet));
        var (typeId, message) = MessageRegistry.Default.Unmarshal(packet);
        Assert.Equal(MessageTypeId.Of<SkipBlock>(), typeId);
        Assert.Equal(HashG, Hex.Of(Assert.IsType<SkipBlock>(message).Hash));
    }

    [Fact]
    public void EmptyBlockStillEmitsEveryValueField() =>
        Assert.Equal("0800" + "1000" + "1800" + "2000" + "3a00" + "4200" + "5200" + "6200" + "6800",
            Hex.Of(DedisProtobuf.Encode(new SkipBlock())));

    [Fact]
    public void BlockHashesOfBothSchemes()
    {
        Assert.Equal(HashG, Hex.Of(SkipBlockHashing.ComputeHash(Genesis())));
        Assert.Equal(HashGScheme0, Hex.Of(SkipBlockHashing.ComputeHash(Genesis(scheme: 0))));
        Assert.Equal(HashB1, Hex.Of(Block1().Hash));
        Assert.Equal(HashB1Prime, Hex.Of(Block1(rosterSize: 4).Hash));
    }

    [Fact]
    public void HashIgnoresLinksPayloadAndServiceKeysButNotIdentityKeys()
    {
        var block = Genesis();
        block.Payload = [1, 2, 3];
        block.ForwardLinks.Add(SkipBlockHashing.NewForwardLink(block, Block1()));
        block.Roster!.List[0].ServiceIdentities.Clear();
        Assert.Equal(HashG, Hex.Of(SkipBlockHashing.ComputeHash(block)));
        block.Roster.List[0].Public = Ed25519Point.Unmarshal(Hex.Bytes(SpecNodes.Nodes[1].Ed));
        Assert.NotEqual(HashG, Hex.Of(SkipBlockHashing.ComputeHash(block)));
    }

    [Fact]
    public void MemberWithoutKeyCannotBeHashed()
    {
        var block = Genesis();
        block.Roster!.List[0].Public = null;
        Assert.Throws<ArgumentException>(() => SkipBlockHashing.ComputeHash(block));
    }

    [Fact]
    public void SkipChainIdIsTheGenesisHash()
    {
        Assert.Equal(HashG, Hex.Of(SkipBlockHashing.SkipChainId(Genesis())));
        Assert.Equal(HashG, Hex.Of(SkipBlockHashing.SkipChainId(Block1())));
    }

    [Fact]
    public void LinkWithinOneRosterCarriesNoRoster()
    {
        var link = SkipBlockHashing.NewForwardLink(Genesis(), Block1());
        Assert.Null(link.NewRoster);
        Assert.Equal((HashG, HashB1), (Hex.Of(link.From), Hex.Of(link.To)));
        Assert.Equal(LinkGToB1, Hex.Of(link.Signature.Msg));
        Assert.Empty(link.Signature.Sig);
        Assert.Equal(LinkGToB1, Hex.Of(SkipBlockHashing.LinkHash(Hex.Bytes(HashG), Hex.Bytes(HashB1), null)));
    }

    [Fact]
    public void LinkToANewRosterCarriesItAndHashesItsId()
    {
        var target = Block1(rosterSize: 4);
        var link = SkipBlockHashing.NewForwardLink(Genesis(), target);
        Assert.Same(target.Roster, link.NewRoster);
        Assert.Equal("b656caea53f755ffad255042b51bfdb5", Hex.Of(link.NewRoster!.Id.ToByteArray()));
        Assert.Equal(LinkGToB1Prime, Hex.Of(link.Signature.Msg));
        Assert.Equal(LinkGToB1Prime, Hex.Of(SkipBlockHashing.LinkHash(link)));
    }

    [Fact]
    public void LinkHashUsesTheRosterIdAsCarried()
    {
        var roster = RosterOf(4);
        roster.Id = Uuid.V5("not the real roster id");
        Assert.NotEqual(LinkGToB1Prime, Hex.Of(SkipBlockHashing.LinkHash(Hex.Bytes(HashG), Hex.Bytes(HashB1Prime), roster)));
    }

    [Fact]
    public void ForwardLinkRoundTripsWithItsRosterAndSignature()
    {
        var link = SkipBlockHashing.NewForwardLink(Genesis(), Block1(rosterSize: 2));
        link.Signature.Sig = [7, 7];
        var bytes = DedisProtobuf.Encode(link);
        var decoded = DedisProtobuf.Decode<ForwardLink>(bytes);
        Assert.Equal(link.NewRoster!.Id, decoded.NewRoster!.Id);
        Assert.Equal((Hex.Of(link.Signature.Msg), "0707"), (Hex.Of(decoded.Signature.Msg), Hex.Of(decoded.Signature.Sig)));
        Assert.Equal(Hex.Of(bytes), Hex.Of(DedisProtobuf.Encode(decoded)));
    }

    [Fact]
    public void PlaceholderLinkEncodesItsEmptyFieldsAndIsEmpty()
    {
        var placeholder = new ForwardLink();
        Assert.True(placeholder.IsEmpty);
        Assert.False(SkipBlockHashing.NewForwardLink(Genesis(), Block1()).IsEmpty);
        Assert.Equal("0a00" + "1200" + "2204" + "0a00" + "1200", Hex.Of(DedisProtobuf.Encode(placeholder)));
    }

    [Fact]
    public void GetUpdateChainRequestBytes() => Assert.Equal(
        "0a20" + HashG + "1000" + "1800",
        Hex.Of(DedisProtobuf.Encode(new GetUpdateChain { LatestId = Hex.Bytes(HashG) })));

    [Fact]
    public void GetSingleBlockByIndexRequestBytes() => Assert.Equal(
        "0a20" + HashG + "1001",
        Hex.Of(DedisProtobuf.Encode(new GetSingleBlockByIndex { Genesis = Hex.Bytes(HashG), Index = -1 })));

    [Fact]
    public void EmptyRequestsAreZeroBytes()
    {
        Assert.Empty(DedisProtobuf.Encode(new GetAllSkipChainIDs()));
        Assert.Empty(DedisProtobuf.Encode(new Listlink()));
        Assert.Empty(DedisProtobuf.Encode(new EmptyReply()));
    }

    [Fact]
    public void StoreSkipBlockOmitsAnAbsentSignatureButKeepsAnEmptyOne()
    {
        var request = new StoreSkipBlock();
        Assert.Equal("0a00", Hex.Of(DedisProtobuf.Encode(request)));
        request.Signature = [];
        Assert.Equal("0a00" + "1a00", Hex.Of(DedisProtobuf.Encode(request)));
    }
}
