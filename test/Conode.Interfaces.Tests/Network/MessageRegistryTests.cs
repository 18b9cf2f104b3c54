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
        var id = MessageTypeId.Of("skipchain.SkipBlock");
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
