using Conode.Protobuf;

namespace Conode.Interfaces.Tests.Protobuf;

/// <summary>onet-wire.md §1.7: what the decoder accepts and how.</summary>
public class DecoderRuleTests
{
    [DedisMessage("t.Pair")]
    public sealed class Pair
    {
        [ProtoField(1)] public int A { get; set; }
        [ProtoField(3)] public int B { get; set; }
    }

    [DedisMessage("t.Numbers")]
    public sealed class Numbers
    {
        [ProtoField(1)] public List<int> Ints { get; set; } = [];
        [ProtoField(2)] public List<double> Doubles { get; set; } = [];
    }

    [Theory]
    [InlineData("08 02 18 04", 1, 2)]
    [InlineData("18 04 08 02", 0, 2)] // field 1 after field 3: ignored (forward-only cursor)
    [InlineData("20 05 08 02", 0, 0)] // unknown field 4 moves the cursor past every known field
    [InlineData("08 02 10 07 18 04", 1, 2)] // unknown field 2, wire type 0, skipped
    [InlineData("10 07 08 02 18 04", 0, 2)] // ... and it moves the cursor past field 1
    [InlineData("00 05 08 02", 1, 0)] // field number 0 is just an unknown field to Go
    [InlineData("08 02 11 0102030405060708 18 04", 1, 2)] // unknown fixed64
    [InlineData("08 02 12 03 616263 18 04", 1, 2)] // unknown length-delimited
    [InlineData("08 02 15 01020304 18 04", 1, 2)] // unknown fixed32
    [InlineData("08 02 08 06 18 04", 3, 2)] // a repeated scalar keeps the last value
    [InlineData("0d feffffff 19 0200000000000000", -2, 2)] // signed ints accept sfixed32 / sfixed64
    [InlineData("", 0, 0)] // missing fields keep zero values
    public void FollowsGoDecoderRules(string hex, int a, int b)
    {
        var pair = DedisProtobuf.Decode<Pair>(Hex.Bytes(hex));
        Assert.Equal((a, b), (pair.A, pair.B));
    }

    [Fact]
    public void AcceptsUnpackedNumericsAsProtobufJsSendsThem()
    {
        var numbers = DedisProtobuf.Decode<Numbers>(Hex.Bytes("08 02 08 03 0a 01 06 11 000000000000f83f"));
        Assert.Equal(new[] { 1, -2, 3 }, numbers.Ints);
        Assert.Equal(new[] { 1.5 }, numbers.Doubles);
    }

    [Fact]
    public void MapEntryMayListValueBeforeKeyAndIgnoresExtraFields()
    {
        var map = DedisProtobuf.Decode<EncodingRuleTests.MapMsg>(Hex.Bytes("0a 09 10 01 18 05 0a 01 61 20 00"));
        Assert.True(map.M["a"]);
    }

    [Fact]
    public void MapEntryWithoutValueHoldsTheZeroValue()
    {
        var map = DedisProtobuf.Decode<Everything>(Hex.Bytes("c2 01 03 0a 01 61"));
        Assert.Equal("", map.StrMap["a"]);
        var messages = DedisProtobuf.Decode<Everything>(Hex.Bytes("ca 01 02 08 02"));
        Assert.Equal(0, messages.IntMap[1].X);
    }

    [Fact]
    public void InvalidUtf8IsAcceptedLossily()
    {
        // Go strings are byte strings and never validated; C# strings cannot hold the raw byte, so it becomes U+FFFD.
        var message = DedisProtobuf.Decode<EncodingRuleTests.StrMsg>(Hex.Bytes("0a 02 61 ff"));
        Assert.Equal("a\uFFFD", message.S);
        Assert.Equal("0a0461efbfbd", Hex.Of(DedisProtobuf.Encode(message)));
    }

    [Fact]
    public void TimeAcceptsZigZagVarint()
    {
        // 2 000 000 000 ns zigzag = 4 000 000 000 = varint 80 d0 ac f3 0e
        var time = DedisProtobuf.Decode<EncodingRuleTests.TimeMsg>(Hex.Bytes("08 80 d0 ac f3 0e"));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(2), time.T);
    }

    [Fact]
    public void TimeBeforeEpochDecodesExactly()
    {
        var message = new EncodingRuleTests.TimeMsg { T = DateTimeOffset.FromUnixTimeMilliseconds(-1500) };
        var bytes = DedisProtobuf.Encode(message);
        Assert.Equal("09" + "00d197a6ffffffff", Hex.Of(bytes)); // -1 500 000 000 ns as fixed64 LE
        Assert.Equal(message.T, DedisProtobuf.Decode<EncodingRuleTests.TimeMsg>(bytes).T);
    }
}
