using System.Buffers.Binary;
using Conode.Interfaces.Tests.Protobuf;
using Conode.Messaging;
using Conode.Network;
using Conode.Protobuf;
using Conode.Services.Status;

namespace Conode.Interfaces.Tests.Network;

/// <summary>Byte vectors of onet-wire.md §1.8 (examples 4, 5), §4.3, §6.7 and cothority-services.md §11.1–§11.2.</summary>
public class WireVectorTests
{
    private const string BasePoint = "5866666666666666666666666666666666666666666666666666666666666666"; // key 1
    private const string TwoB = "c9a3f86aae465f0e56513864510f3997561fa2c9e85ea21dc2292309f3cd6022"; // key 2

    // cothority-services.md §11.2
    private const string Node0 =
        "0a2865642e706f696e74424425e42bdb4526dd0837089425a99461c9f37dfbf241659fc5abca55c2899212a5010a09536b6970636861696e120d626e3235362e616461707465721a8801626e3235362e673246baa4d623f91b0456e94651770cd3aafcd0589c05904a83f6532e40e0b48dae635555bcc5a5d783ba16b05b73ff9d6063b4f54152426f5c71ba973ef30fd1fd7d5207ad735beb4102e22c447088623779985ffe622b63f26a61403ab466d042412e0ad22dcaa3fcf38006fbb24ed43a48550d9d283f80985f4c1825b33094e11a1055fd37152c5b54a999819b5ebd12d37b2214746c733a2f2f3132372e302e302e313a373737302a08436f6e6f64655f313a00";

    private const string Roster01 =
        "0a105c1e97cfd5ec58ebaa760a901c69b35d1286020a2865642e706f696e74424425e42bdb4526dd0837089425a99461c9f37dfbf241659fc5abca55c2899212a5010a09536b6970636861696e120d626e3235362e616461707465721a8801626e3235362e673246baa4d623f91b0456e94651770cd3aafcd0589c05904a83f6532e40e0b48dae635555bcc5a5d783ba16b05b73ff9d6063b4f54152426f5c71ba973ef30fd1fd7d5207ad735beb4102e22c447088623779985ffe622b63f26a61403ab466d042412e0ad22dcaa3fcf38006fbb24ed43a48550d9d283f80985f4c1825b33094e11a1055fd37152c5b54a999819b5ebd12d37b2214746c733a2f2f3132372e302e302e313a373737302a08436f6e6f64655f313a001286020a2865642e706f696e7458fc429d5204565b825626a144b84a9af8b3b2550576bac4ca808a30143996b412a5010a09536b6970636861696e120d626e3235362e616461707465721a8801626e3235362e67324b4636f84c2f30170e909c36b3a3a0848cab95de72b4d2abaa2d573669891b5d0a6a33395722c803320674bcf98ee63e0ed77397fd7425332f71303dc96891d337868a292d1675629c2245f7e18ad11c4a4a2ade6123b050c394baf3e318973b5b0e9bcb8a755a28918af6488c4fff6278832f1d8157a4374278c70b5d21b1e81a10c30c99e192be53d1970752bdd53102992214746c733a2f2f3132372e302e302e313a373737322a08436f6e6f64655f323a001a2865642e706f696e748816496314c31f6460d24a3e160acc958bfee0a4cebbcd56dbddf677081d7230";

    private static readonly (string Ed, string Bn, string Id, string BnPrivate)[] Nodes = SpecNodes.Nodes;

    private static TestKyber Point(string hex) => new("ed.point", Hex.Bytes(hex));

    private static ServerIdentity Node(int i) => new()
    {
        Public = Point(Nodes[i].Ed),
        ServiceIdentities = [new ServiceIdentity { Name = "Skipchain", Suite = "bn256.adapter", Public = new TestKyber("bn256.g2", Hex.Bytes(Nodes[i].Bn)) }],
        Id = OnetIds.ServerIdentityId(Point(Nodes[i].Ed)),
        Address = SpecNodes.Address(i),
        Description = SpecNodes.Description(i),
    };

    private static string Id(Uuid uuid) => Hex.Of(uuid.ToByteArray());

    [Fact]
    public void ServerIdentityOfNode0DecodesAndReencodesByteExactly()
    {
        var si = DedisProtobuf.Decode<ServerIdentity>(Hex.Bytes(Node0), TestKyber.EdRegistry());
        Assert.Equal(Node0, Hex.Of(DedisProtobuf.Encode(si)));
        Assert.Equal(Nodes[0].Ed, Hex.Of(Assert.IsType<TestKyber>(si.Public).Data));
        var service = Assert.Single(si.ServiceIdentities);
        Assert.Equal(("Skipchain", "bn256.adapter"), (service.Name, service.Suite));
        Assert.Equal("bn256.g2", service.Public!.MarshalId); // unknown here: kept opaque
        Assert.Equal(Nodes[0].Bn, Hex.Of(service.Public.MarshalBinary()));
        Assert.Equal((Nodes[0].Id, "tls://127.0.0.1:7770", "Conode_1", ""), (Id(si.Id), si.Address, si.Description, si.Url));
    }

    [Fact]
    public void ServerIdentityBuiltFromKeysEncodesLikeGo() =>
        Assert.Equal(Node0, Hex.Of(DedisProtobuf.Encode(Node(0))));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ServerIdentityIdFromKeyBytes(int i) =>
        Assert.Equal(Nodes[i].Id, Id(OnetIds.ServerIdentityId(Point(Nodes[i].Ed))));

    [Fact]
    public void RosterOfTwoDecodesAndReencodesByteExactlyWithoutAnyRegisteredType()
    {
        var roster = DedisProtobuf.Decode<Roster>(Hex.Bytes(Roster01), new KyberTypeRegistry());
        Assert.Equal(Roster01, Hex.Of(DedisProtobuf.Encode(roster)));
        Assert.Equal("5c1e97cfd5ec58ebaa760a901c69b35d", Id(roster.Id));
        Assert.Equal(roster.Id, OnetIds.RosterId(roster.List));
        Assert.Equal(new[] { Nodes[0].Id, Nodes[1].Id }, roster.List.Select(si => Id(si.Id)));
        Assert.Equal("8816496314c31f6460d24a3e160acc958bfee0a4cebbcd56dbddf677081d7230", Hex.Of(roster.Aggregate!.MarshalBinary()));
    }

    [Fact]
    public void RosterIdsFromKeyBytes()
    {
        Assert.Equal("858160cc40a85deebbe2d5fa09648531", Id(Roster.Create([Node(0)]).Id));
        Assert.Equal("5c1e97cfd5ec58ebaa760a901c69b35d", Id(Roster.Create([Node(0), Node(1)]).Id));
        Assert.Equal("b656caea53f755ffad255042b51bfdb5", Id(Roster.Create(Enumerable.Range(0, 4).Select(Node)).Id));
    }

    [Fact]
    public void RosterBuiltFromKeysEncodesLikeGo()
    {
        var roster = Roster.Create([Node(0), Node(1)]);
        Assert.Equal("8816496314c31f6460d24a3e160acc958bfee0a4cebbcd56dbddf677081d7230", Hex.Of(roster.Aggregate!.MarshalBinary()));
        Assert.Equal(Roster01, Hex.Of(DedisProtobuf.Encode(roster)));
    }

    private static byte[] Frame(byte[] packet)
    {
        var frame = new byte[4 + packet.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)packet.Length);
        packet.CopyTo(frame, 4);
        return frame;
    }

    [Fact]
    public void HandshakeFrameOfExample4()
    {
        var si = ServerIdentity.Create(Point(BasePoint), "tls://127.0.0.1:7770", "conode1");
        var frame = Frame(MessageRegistry.Default.Marshal(si));
        Assert.Equal(
            "0000006d" + "7b9e136cc4885963a0b48201b31a1975" + "0a2865642e706f696e74" + BasePoint
            + "1a107ddf1beb3d3f5e1d824f1029e47da36c" + "2214746c733a2f2f3132372e302e302e313a37373730"
            + "2a07636f6e6f646531" + "3a00",
            Hex.Of(frame));
        Assert.Equal(109, frame.Length - 4);
    }

    private static Roster TwoNodeRoster() => Roster.Create([
        ServerIdentity.Create(Point(BasePoint), "tls://127.0.0.1:7770", "conode1"),
        ServerIdentity.Create(Point(TwoB), "tls://127.0.0.1:7772", "conode2"),
    ]);

    private static Tree RootWithOneChild()
    {
        var roster = TwoNodeRoster();
        var root = new TreeNode(0, roster.List[0]);
        root.AddChild(new TreeNode(1, roster.List[1]));
        return Tree.Create(roster, root);
    }

    [Fact]
    public void TreeIdsOfExample5()
    {
        var tree = RootWithOneChild();
        Assert.Equal("c85fe6ba-aa3a-547b-8e93-054a15061a8d", tree.Roster.Id.ToString());
        Assert.Equal("09903290-7cac-5717-98b2-397e68792c39", tree.Root.Id.ToString());
        Assert.Equal("d34b178b-b4dd-56fa-91cf-9219787649ae", tree.Root.Children[0].Id.ToString());
        Assert.Equal("66757176-999d-5905-b774-fbbbd25a80c6", tree.Id.ToString());
    }

    private const string TreeMarshal221 =
        "0a1000000000000000000000000000000000" + "121066757176999d5905b774fbbbd25a80c6" + "1a1000000000000000000000000000000000"
        + "2210c85fe6baaa3a547b8e93054a15061a8d" + "2a9201"
        + "0a10099032907cac571798b2397e68792c39" + "121000000000000000000000000000000000" + "1a107ddf1beb3d3f5e1d824f1029e47da36c"
        + "221000000000000000000000000000000000" + "2a48"
        + "0a10d34b178bb4dd56fa91cf9219787649ae" + "121000000000000000000000000000000000" + "1a10fc01300d34dc5d77a674c5855bc04e52"
        + "221000000000000000000000000000000000";

    [Fact]
    public void TreeMarshalOfSection43()
    {
        var bytes = DedisProtobuf.Encode(RootWithOneChild().ToMarshal());
        Assert.Equal(221, bytes.Length);
        Assert.Equal(TreeMarshal221, Hex.Of(bytes));
    }

    [Fact]
    public void TreeIsRebuiltFromTreeMarshalAndRoster()
    {
        var roster = TwoNodeRoster();
        var tree = Tree.FromMarshal(DedisProtobuf.Decode<TreeMarshal>(Hex.Bytes(TreeMarshal221)), roster);
        Assert.Equal("66757176-999d-5905-b774-fbbbd25a80c6", tree.Id.ToString());
        Assert.Same(roster.List[0], tree.Root.ServerIdentity);
        var child = Assert.Single(tree.Root.Children);
        Assert.Equal((1, "d34b178b-b4dd-56fa-91cf-9219787649ae"), (child.RosterIndex, child.Id.ToString()));
        Assert.Same(tree.Root, child.Parent);
        Assert.True(child.IsLeaf);
        Assert.Same(child, tree.Find(child.Id));
        Assert.Equal(TreeMarshal221, Hex.Of(DedisProtobuf.Encode(tree.ToMarshal())));
    }

    [Fact]
    public void TreeOfAnotherRosterIsRejected()
    {
        var marshal = DedisProtobuf.Decode<TreeMarshal>(Hex.Bytes(TreeMarshal221));
        var other = Roster.Create([Node(0), Node(1)]);
        Assert.Throws<InvalidDataException>(() => Tree.FromMarshal(marshal, other));
        marshal.RosterId = other.Id;
        Assert.Throws<InvalidDataException>(() => Tree.FromMarshal(marshal, other)); // unknown ServerIdentity IDs
        marshal.Children.Clear();
        Assert.Throws<InvalidDataException>(() => Tree.FromMarshal(marshal, other));
    }

    private static Token TokenFor(Tree tree, Uuid treeNodeId) => new()
    {
        RosterId = tree.Roster.Id,
        TreeId = tree.Id,
        ProtoId = OnetIds.ProtocolId("Broadcast"),
        ServiceId = OnetIds.ServiceId("Status"),
        RoundId = Uuid.Parse("0f0e0d0c-0b0a-4908-8706-050403020100"),
        TreeNodeId = treeNodeId,
    };

    [Fact]
    public void ProtocolMsgFrameOfExample5()
    {
        var tree = RootWithOneChild();
        var from = TokenFor(tree, tree.Root.Id);
        var message = new ProtocolMsg
        {
            From = from,
            To = from.WithTreeNode(tree.Root.Children[0].Id),
            MsgType = MessageTypeId.Of<ContactNodes>(),
            MsgSlice = MessageRegistry.Default.Marshal(new ContactNodes()),
        };
        const string token = "0a10c85fe6baaa3a547b8e93054a15061a8d" + "121066757176999d5905b774fbbbd25a80c6"
            + "1a1059af9e1e79cc301bb2b4bbfe989bac36" + "221051d139b4ed96542c886a72e4ba7673b2" + "2a100f0e0d0c0b0a49088706050403020100";
        var frame = Frame(MessageRegistry.Default.Marshal(message));
        Assert.Equal(
            "00000112" + "2dae95c7320b5caea322e3cc2bfd21a2"
            + "0a6c" + token + "3210099032907cac571798b2397e68792c39"
            + "126c" + token + "3210d34b178bb4dd56fa91cf9219787649ae"
            + "221059cf19cde5675b52bac99d98db0f2fa7" + "321059cf19cde5675b52bac99d98db0f2fa7" + "3800",
            Hex.Of(frame));
        Assert.Equal("be9e76f0-8268-5097-a3f1-66cb38430edf", OnetIds.TokenId(message.To!).ToString());

        var (typeId, decoded) = MessageRegistry.Default.Unmarshal(frame.AsSpan(4));
        Assert.Equal(MessageTypeId.Of<ProtocolMsg>(), typeId);
        var received = Assert.IsType<ProtocolMsg>(decoded);
        Assert.IsType<ContactNodes>(MessageRegistry.Default.Unmarshal(received.MsgSlice).Message);
        Assert.Equal(tree.Root.Children[0].Id, received.To!.TreeNodeId);
        Assert.Null(received.Config);
    }

    [Fact]
    public void RequestTreeFrameOfExample5()
    {
        var request = new RequestTree { TreeId = RootWithOneChild().Id, Version = 1 };
        Assert.Equal(
            "00000024" + "17896f9a54e958e2a90dbe2978cdacb2" + "0a1066757176999d5905b774fbbbd25a80c6" + "1001",
            Hex.Of(Frame(MessageRegistry.Default.Marshal(request))));
    }

    [Fact]
    public void StatusEntryOfSection67()
    {
        const string entry = "0a1d0a06436f6e6f646512130a110a0776657273696f6e120676332e342e39";
        var response = new StatusResponse { Status = { ["Conode"] = new OnetStatus { Field = { ["version"] = "v3.4.9" } } } };
        Assert.Equal(entry, Hex.Of(DedisProtobuf.Encode(response)));
        Assert.Equal("v3.4.9", DedisProtobuf.Decode<StatusResponse>(Hex.Bytes(entry)).Status["Conode"].Field["version"]);
        Assert.Empty(DedisProtobuf.Encode(new StatusRequest()));
    }

    [Fact]
    public void CheckConnectivityRoundTrips()
    {
        var request = new CheckConnectivity { Time = 1_700_000_000, Timeout = 1_000_000_001, FindFaulty = true, List = [Node(0)], Signature = [1, 2] };
        var bytes = DedisProtobuf.Encode(request);
        // Time and Timeout are zigzag int64 (§6.7); the identity is nested byte-exactly.
        Assert.StartsWith("0880c49fd50c" + "1082a8d6b907" + "1801" + "228602" + Node0, Hex.Of(bytes));
        var decoded = DedisProtobuf.Decode<CheckConnectivity>(bytes, TestKyber.EdRegistry());
        Assert.Equal(Hex.Of(bytes), Hex.Of(DedisProtobuf.Encode(decoded)));
    }

    public static TheoryData<Type, string> FuzzSeeds => new()
    {
        { typeof(ServerIdentity), Node0 },
        { typeof(Roster), Roster01 },
        { typeof(TreeMarshal), TreeMarshal221 },
        { typeof(StatusResponse), "0a1d0a06436f6e6f646512130a110a0776657273696f6e120676332e342e39" },
    };

    [Theory]
    [MemberData(nameof(FuzzSeeds))]
    public void FuzzedOnetMessagesOnlyEverThrowProtobufException(Type type, string seed) =>
        HostileInputTests.FuzzDecode(type, Hex.Bytes(seed), TestKyber.EdRegistry());
}
