using Conode.Cosi;
using Conode.Interfaces.Tests.Protobuf;
using Conode.Network;
using Conode.Protobuf;

namespace Conode.Interfaces.Tests.Cosi;

/// <summary>The blscosi messages: type IDs of cothority-services.md §11.5 and their field layouts (§7.4).</summary>
public class CosiMessageTests
{
    public static TheoryData<Type, string> TypeIds => new()
    {
        { typeof(Announcement), "7d7fbd8bd44155e39778adf5b1287252" },
        { typeof(Response), "638a1db67a695675bfd86425432ea2df" },
        { typeof(Stop), "9d8b4bf59a8a5ea79bfda30dbb7e4be8" },
        { typeof(Refusal), "8033df03168459cfaad591226e2aab64" },
    };

    [Theory]
    [MemberData(nameof(TypeIds))]
    public void TypeIdMatchesGoAndIsRegistered(Type type, string hex) => RegistryAssert.HasGosTypeId(type, hex);

    [Fact]
    public void AnnouncementLayoutWithTheTimeoutInNanoseconds()
    {
        var announcement = new Announcement { Msg = [1], Data = [2], Timeout = TimeSpan.FromSeconds(2.5), Threshold = 3 };
        // 2.5 s = 2.5e9 ns, zigzag 5e9 = 0x12a05f200.
        var bytes = DedisProtobuf.Encode(announcement);
        Assert.Equal("0a0101" + "120102" + "1a00" + "2080e497d012" + "2806", Hex.Of(bytes));
        var decoded = DedisProtobuf.Decode<Announcement>(bytes);
        Assert.Equal((TimeSpan.FromSeconds(2.5), 3), (decoded.Timeout, decoded.Threshold));
    }

    [Fact]
    public void ResponseRefusalAndStopLayouts()
    {
        Assert.Equal("0a0109" + "120107", Hex.Of(DedisProtobuf.Encode(new Response { Signature = [9], Mask = [7] })));
        Assert.Equal("0a00", Hex.Of(DedisProtobuf.Encode(new Refusal())));
        Assert.Equal("9d8b4bf59a8a5ea79bfda30dbb7e4be8", Hex.Of(MessageRegistry.Default.Marshal(new Stop())));
    }
}
