using Conode.Interfaces.Tests.Protobuf;
using Conode.Messaging;
using Conode.Network;
using Conode.Protobuf;
using Conode.Services.Skipchain;
using static Conode.Interfaces.Tests.Skipchain.SkipchainSamples;

namespace Conode.Interfaces.Tests.Skipchain;

/// <summary>Type IDs (cothority-services.md §11.5), registration and field layouts of the Skipchain messages.</summary>
public class SkipchainMessageTests
{
    public static TheoryData<Type, string> TypeIds => new()
    {
        { typeof(SkipBlock), "0e3e2be49e6550e2b62766de925856de" },
        { typeof(SkipchainStorage), "edc5791a3a1a54e5945d4acd32b3ba50" },
        { typeof(StoreSkipBlock), "519619661c2950069e77acadd91e9e6d" },
        { typeof(StoreSkipBlockReply), "2625142d25df5b06aa2e88efde0c412d" },
        { typeof(GetUpdateChain), "ca944582233551d59c562e4b55959303" },
        { typeof(GetUpdateChainReply), "596924c778f650b8b51b2c8bda068727" },
        { typeof(GetSingleBlock), "5b3872570ffa5181827e1e4219ce3c78" },
        { typeof(GetAllSkipChainIDs), "d9e72aaa34df53019b7a96874cd1934a" },
        { typeof(GetAllSkipChainIDsReply), "5bc4c84cf6055b9084e62b5760323c4a" },
        { typeof(OptimizeProofRequest), "f1de4c3df0975e6393cc1548fd64216e" },
        { typeof(OptimizeProofReply), "33b7fe170a3252dd9f4679accf5e7ad5" },
        { typeof(ForwardSignature), "5a265a375ef75b78a8103b1e485f84e6" },
        { typeof(ForwardSignatureReply), "496a9ab7f20d515da0994e8cd88e9b90" },
        { typeof(PropagateGenesis), "4bf0f40fd5b953a9a60e1a25d2aa55ee" },
        { typeof(PropagateForwardLink), "a92f6551aa535b6faa1becde4ce23b1c" },
        { typeof(PropagateProof), "3fe936693f865317bad307692c0895bf" },
        { typeof(ProtoExtendRoster), "a8a68b7b918356b69ce0333776a166b0" },
        { typeof(ProtoExtendRosterReply), "bb6cd0d0ac0b5a5c84a5279f0fc266a6" },
        { typeof(ProtoGetBlocks), "f5d590e57e975b808873b1c4be1c7526" },
        { typeof(ProtoGetBlocksReply), "66ccb2a660245fbabf7d75495be8259e" },
        { typeof(ForwardLink), "95b1d001d3575d3182b90ef8aea63638" },
        { typeof(GetSingleBlockByIndex), "f3843fee20c15143b24fae915efb6614" },
        { typeof(GetSingleBlockByIndexReply), "2fa0618258315dd28eeb9e1fb14d1d18" },
        { typeof(PropagateSendData), "bf60efedac355edcbb779fc09caef6a9" },
        { typeof(PropagateReply), "0afe18ac05c957eb835ab3fdfd2db54f" },
    };

    [Theory]
    [MemberData(nameof(TypeIds))]
    public void TypeIdMatchesGoAndIsRegistered(Type type, string hex) => RegistryAssert.HasGosTypeId(type, hex);

    [Fact]
    public void EverySkipchainMessageIsRegisteredUnderItsGoName()
    {
        foreach (var type in SkipchainMessageTypes.All)
        {
            Assert.StartsWith("skipchain.", DedisProtobuf.GoTypeOf(type));
            Assert.True(MessageRegistry.Default.TryGetType(MessageTypeId.Of(type), out var registered));
            Assert.Equal(type, registered);
        }
        Assert.Equal(SkipchainMessageTypes.All.Count, SkipchainMessageTypes.All.Distinct().Count());
    }

    [Fact]
    public void ForwardSignatureIsTheCheckFunctionsData()
    {
        var request = new ForwardSignature { Previous = Hex.Bytes(HashG), Newest = Block1() };
        var data = MessageRegistry.Default.Marshal(request);
        Assert.StartsWith("5a265a375ef75b78a8103b1e485f84e6" + "0800" + "1220" + HashG + "1a", Hex.Of(data));
        var decoded = Assert.IsType<ForwardSignature>(MessageRegistry.Default.Unmarshal(data).Message);
        Assert.Equal(HashB1, Hex.Of(decoded.Newest!.Hash));
        Assert.Empty(decoded.Links);
    }

    [Fact]
    public void ProtoGetBlocksLayout() => Assert.Equal(
        "0a0101" + "1004" + "1801",
        Hex.Of(DedisProtobuf.Encode(new ProtoGetBlocks { SbId = [1], Count = 2, Skipping = true })));

    [Fact]
    public void ExtendRosterAlwaysCarriesItsBlockAndItsReplyOnlyAGivenSignature()
    {
        Assert.Equal("0a12" + Hex.Of(DedisProtobuf.Encode(new SkipBlock())), Hex.Of(DedisProtobuf.Encode(new ProtoExtendRoster())));
        Assert.Empty(DedisProtobuf.Encode(new ProtoExtendRosterReply()));
        Assert.Equal("0a0109", Hex.Of(DedisProtobuf.Encode(new ProtoExtendRosterReply { Signature = [9] })));
    }

    [Fact]
    public void AddFollowLayoutWithItsOptionalConode()
    {
        var request = new AddFollow { SkipchainId = [1], Follow = (int)FollowType.FollowLookup, NewChain = (int)NewChainPolicy.NewChainAnyNode };
        Assert.Equal("0a0101" + "1004" + "1804" + "2a00", Hex.Of(DedisProtobuf.Encode(request)));
        request.Conode = Node(0);
        var decoded = DedisProtobuf.Decode<AddFollow>(DedisProtobuf.Encode(request));
        Assert.Equal(request.Conode.Id, decoded.Conode!.Id);
    }

    [Fact]
    public void StorageRoundTripsFollowListsAndClients()
    {
        var storage = new SkipchainStorage
        {
            Follow = [new FollowChainType { Block = Genesis(), NewChain = (int)NewChainPolicy.NewChainStrictNodes }],
            FollowIds = [Hex.Bytes(HashG)],
            Clients = [Node(1).Public!],
        };
        var decoded = Assert.IsType<SkipchainStorage>(MessageRegistry.Default.Unmarshal(MessageRegistry.Default.Marshal(storage)).Message);
        var follow = Assert.Single(decoded.Follow);
        Assert.Equal((HashG, 1), (Hex.Of(follow.Block!.Hash), follow.NewChain));
        Assert.Equal(HashG, Hex.Of(Assert.Single(decoded.FollowIds)));
        Assert.Equal(SpecNodes.Nodes[1].Ed, Hex.Of(Assert.Single(decoded.Clients).MarshalBinary()));
    }

    [Fact]
    public void GetSingleBlockByIndexReplyRoundTrips()
    {
        var genesis = Genesis();
        var reply = new GetSingleBlockByIndexReply
        {
            SkipBlock = Block1(),
            Links = [new ForwardLink { To = genesis.Hash, NewRoster = genesis.Roster }, SkipBlockHashing.NewForwardLink(genesis, Block1())],
        };
        var bytes = DedisProtobuf.Encode(reply);
        var decoded = DedisProtobuf.Decode<GetSingleBlockByIndexReply>(bytes);
        Assert.Equal(HashB1, Hex.Of(decoded.SkipBlock!.Hash));
        Assert.Equal([true, false], decoded.Links.Select(l => l.IsEmpty));
        Assert.Equal(Hex.Of(bytes), Hex.Of(DedisProtobuf.Encode(decoded)));
    }

    [Fact]
    public void PropagationEnvelopeCarriesTheMarshalledPayloadAndNanoseconds()
    {
        var payload = MessageRegistry.Default.Marshal(new PropagateGenesis { Genesis = Genesis() });
        var envelope = new PropagateSendData { Data = payload, Timeout = SkipchainConstants.PropagationTimeout };
        var bytes = DedisProtobuf.Encode(envelope);
        // 15 s = 15e9 ns, zigzag 3e10 = 0x6fc23ac00 as a varint.
        Assert.EndsWith("10" + "80d88ee16f", Hex.Of(bytes));
        var decoded = DedisProtobuf.Decode<PropagateSendData>(bytes);
        var inner = Assert.IsType<PropagateGenesis>(MessageRegistry.Default.Unmarshal(decoded.Data).Message);
        Assert.Equal(HashG, Hex.Of(inner.Genesis!.Hash));
        Assert.Equal("0800", Hex.Of(DedisProtobuf.Encode(new PropagateReply())));
    }
}
