using Conode.Network;

namespace Conode.Interfaces.Tests.Network;

public class UuidTests
{
    [Fact]
    public void Version5InUrlNamespace() =>
        Assert.Equal("7ddf1beb-3d3f-5e1d-824f-1029e47da36c",
            Uuid.V5("https://dedis.epfl.ch/id/5866666666666666666666666666666666666666666666666666666666666666").ToString());

    [Fact]
    public void Version3InUrlNamespace() =>
        Assert.Equal("59af9e1e-79cc-301b-b2b4-bbfe989bac36", Uuid.V3("https://dedis.epfl.ch/protocolname/Broadcast").ToString());

    [Fact]
    public void BytesAreInNetworkOrder()
    {
        var uuid = Uuid.Parse("0f0e0d0c-0b0a-4908-8706-050403020100");
        Assert.Equal("0f0e0d0c0b0a49088706050403020100", Convert.ToHexStringLower(uuid.ToByteArray()));
        Assert.Equal(uuid, new Uuid(uuid.ToByteArray()));
    }

    [Fact]
    public void ParsesEitherCaseAndPrintsLowercase() =>
        Assert.Equal("6ba7b811-9dad-11d1-80b4-00c04fd430c8", Uuid.Parse("6BA7B811-9DAD-11D1-80B4-00C04FD430C8").ToString());

    [Theory]
    [InlineData("")]
    [InlineData("6ba7b811-9dad-11d1-80b4-00c04fd430c")]
    [InlineData("6ba7b811x9dad-11d1-80b4-00c04fd430c8")]
    [InlineData("6ba7b811-9dad-11d1-80b4-00c04fd430cg")]
    public void RejectsMalformedText(string text) => Assert.False(Uuid.TryParse(text, out _));

    [Fact]
    public void RandomIsVersion4Variant1()
    {
        var bytes = Uuid.NewRandom().ToByteArray();
        Assert.Equal(0x40, bytes[6] & 0xf0);
        Assert.Equal(0x80, bytes[8] & 0xc0);
    }

    [Fact]
    public void NilAndOrdering()
    {
        Assert.True(Uuid.Nil.IsNil);
        Assert.False(Uuid.NamespaceUrl.IsNil);
        Assert.True(Uuid.Parse("00000000-0000-0000-0000-000000000001").CompareTo(Uuid.Parse("01000000-0000-0000-0000-000000000000")) < 0);
    }
}
