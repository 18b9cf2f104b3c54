using Conode.Interfaces.Tests.Protobuf;
using Conode.Messaging;
using Conode.Network;
using Conode.Protobuf;

namespace Conode.Interfaces.Tests.Network;

public class MessageRegistryTests
{
    [DedisMessage("messaging.Done")]
    public sealed class FakeDone;

    [Fact]
    public void EmptyMessageIsJustTheTypeId() =>
        Assert.Equal("ee09787c8c6050838ce47a71c190b9db", Hex.Of(MessageRegistry.Default.Marshal(new Done())));

    [Fact]
    public void UnknownTypeIdIsReportedWithTheId()
    {
        var id = MessageTypeId.Of("byzcoin.ClientTransaction"); // a type of a service this conode does not run
        var e = Assert.Throws<UnknownMessageTypeException>(() => MessageRegistry.Default.Unmarshal(id.ToByteArray()));
        Assert.Equal(id, e.TypeId);
        Assert.Throws<UnknownMessageTypeException>(() => MessageRegistry.Default.Unmarshal(new byte[16])); // ErrorType
    }

    [Fact]
    public void PacketShorterThanATypeIdIsACodecError() =>
        Assert.Throws<ProtobufException>(() => MessageRegistry.Default.Unmarshal(new byte[15]));

    [Fact]
    public void UnregisteredTypesAreNotMarshalled()
    {
        var registry = new MessageRegistry();
        Assert.Equal(MessageTypeId.ErrorType, registry.TypeIdOf(typeof(Done)));
        Assert.Throws<ProtobufException>(() => registry.Marshal(new Done()));
        registry.Register<Done>();
        Assert.Equal(MessageTypeId.Of<Done>(), registry.TypeIdOf(typeof(Done)));
        Assert.True(registry.TryGetType(MessageTypeId.Of<Done>(), out var type));
        Assert.Equal(typeof(Done), type);
    }

    [Fact]
    public void TwoClassesCannotClaimOneGoType()
    {
        var registry = MessageRegistry.CreateWithOnetTypes();
        Assert.Throws<ArgumentException>(() => registry.Register<FakeDone>());
        Assert.Equal(MessageTypeId.Of<Done>(), registry.Register<Done>());
    }
}

/// <summary>Field layouts of the overlay messages that carry no spec byte vector (onet-wire.md §5.3, §5.5).</summary>
public class OverlayMessageLayoutTests
{
    private const string Zero16 = "00000000000000000000000000000000";

    [Fact]
    public void ConfigMsgAlwaysCarriesItsConfigValue() =>
        Assert.Equal("0a020a00" + "1210" + Zero16, Hex.Of(DedisProtobuf.Encode(new ConfigMsg())));

    [Fact]
    public void TreeNodeInfoPutsToBeforeFrom()
    {
        var info = new TreeNodeInfo { To = new Token { RoundId = Uuid.V5("to") }, From = new Token() };
        var bytes = Hex.Of(DedisProtobuf.Encode(new OverlayMsg { TreeNodeInfo = info }));
        var token = (string round) => "0a10" + Zero16 + "1210" + Zero16 + "1a10" + Zero16 + "2210" + Zero16 + "2a10" + round + "3210" + Zero16;
        Assert.Equal("0adc010a6c" + token(Hex.Of(Uuid.V5("to").ToByteArray())) + "126c" + token(Zero16), bytes);
    }

    [Fact]
    public void ProtocolMsgSkipsGoMsgField5()
    {
        // A (never legitimately sent) field 5 between MsgType and MsgSlice is skipped, not an error.
        var bytes = Hex.Bytes("2210" + Zero16 + "2a03010203" + "3201ff" + "3800");
        var message = DedisProtobuf.Decode<ProtocolMsg>(bytes);
        Assert.Equal(new byte[] { 0xff }, message.MsgSlice);
        Assert.Null(message.From);
    }
}
