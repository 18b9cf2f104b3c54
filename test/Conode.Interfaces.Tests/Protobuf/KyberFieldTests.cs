using Conode.Protobuf;

namespace Conode.Interfaces.Tests.Protobuf;

/// <summary>Interface-typed fields (onet-wire.md §1.5) and the kyber registry.</summary>
public class KyberFieldTests
{
    [DedisMessage("t.Holder")]
    public sealed class Holder
    {
        [ProtoField(1)] public IKyberMarshaler? Value { get; set; }
    }

    private static readonly byte[] Point = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static byte[] Field(string tag, byte[] data) =>
        [0x0a, (byte)(tag.Length + data.Length), .. System.Text.Encoding.ASCII.GetBytes(tag), .. data];

    [Fact]
    public void EncodesTagThenBinary() =>
        Assert.Equal(Field("ed.point", Point), DedisProtobuf.Encode(new Holder { Value = new TestKyber("ed.point", Point) }));

    [Fact]
    public void NullInterfaceIsOmitted() => Assert.Empty(DedisProtobuf.Encode(new Holder()));

    [Fact]
    public void RegisteredTagSelectsTheFactory()
    {
        var holder = DedisProtobuf.Decode<Holder>(Field("ed.point", Point), TestKyber.EdRegistry());
        var value = Assert.IsType<TestKyber>(holder.Value);
        Assert.Equal(Point, value.Data);
    }

    [Fact]
    public void RegisteredTagWithInvalidPayloadIsACodecError()
    {
        var e = Assert.Throws<ProtobufException>(() =>
            DedisProtobuf.Decode<Holder>(Field("ed.point", [1, 2, 3]), TestKyber.EdRegistry()));
        Assert.Contains("t.Holder.Value", e.Message);
    }

    [Fact]
    public void UnknownTagIsKeptOpaqueAndReencodedIdentically()
    {
        var g2 = Enumerable.Range(0, 128).Select(i => (byte)(i * 7)).ToArray();
        var bytes = Field("bn256.g2", g2);
        bytes = [0x0a, 0x88, 0x01, .. bytes[2..]]; // 136 needs a two-byte length
        var holder = DedisProtobuf.Decode<Holder>(bytes, TestKyber.EdRegistry());
        var opaque = Assert.IsType<OpaqueKyberValue>(holder.Value);
        Assert.Equal("bn256.g2", opaque.MarshalId);
        Assert.Equal(g2, opaque.MarshalBinary());
        Assert.Equal(bytes, DedisProtobuf.Encode(holder));
    }

    [Fact]
    public void UntaggedPayloadUsesTheConstructorOfTheDeclaredType()
    {
        var registry = TestKyber.EdRegistry();
        registry.RegisterConstructor(typeof(IKyberMarshaler), TestKyber.Point32);
        var holder = DedisProtobuf.Decode<Holder>([0x0a, 32, .. Point], registry);
        Assert.Equal(Point, Assert.IsType<TestKyber>(holder.Value).Data);
        // Go accepts untagged points; re-encoding adds the tag, as JS requires.
        Assert.Equal(Field("ed.point", Point), DedisProtobuf.Encode(holder));
    }

    [Fact]
    public void PayloadTheConstructorRejectsIsKeptOpaque()
    {
        var registry = new KyberTypeRegistry();
        registry.RegisterConstructor(typeof(IKyberMarshaler), TestKyber.Point32);
        var bytes = Field("mod.int ", Point);
        var holder = DedisProtobuf.Decode<Holder>(bytes, registry);
        Assert.Equal("mod.int ", Assert.IsType<OpaqueKyberValue>(holder.Value).MarshalId);
        Assert.Equal(bytes, DedisProtobuf.Encode(holder));
    }

    [Fact]
    public void UntaggedPayloadTheConstructorRejectsIsACodecError()
    {
        var registry = new KyberTypeRegistry();
        registry.RegisterConstructor(typeof(IKyberMarshaler), TestKyber.Point32);
        byte[] broken = [0x0a, 31, .. Point[..31]];
        Assert.Throws<ProtobufException>(() => DedisProtobuf.Decode<Holder>(broken, registry));
    }

    [Fact]
    public void ShortUntaggedPayloadIsKeptWithoutTag()
    {
        byte[] bytes = [0x0a, 0x03, 1, 2, 3];
        var holder = DedisProtobuf.Decode<Holder>(bytes, new KyberTypeRegistry());
        Assert.Equal("", holder.Value!.MarshalId);
        Assert.Equal(bytes, DedisProtobuf.Encode(holder));
    }

    [Fact]
    public void TagMustBeEightSingleByteCharacters()
    {
        Assert.Throws<ProtobufException>(() => DedisProtobuf.Encode(new Holder { Value = new TestKyber("ed.pt", Point) }));
        Assert.Throws<ProtobufException>(() => new KyberTypeRegistry().Register("too.long.tag", TestKyber.Point32));
    }
}
