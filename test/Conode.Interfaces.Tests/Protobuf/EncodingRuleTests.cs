using Conode.Network;
using Conode.Protobuf;

namespace Conode.Interfaces.Tests.Protobuf;

/// <summary>onet-wire.md §1.8 examples 1 and 2 and the always-emit rules of §1.3.</summary>
public class EncodingRuleTests
{
    [DedisMessage("t.Int")] public sealed class IntMsg { [ProtoField(1)] public int A { get; set; } }
    [DedisMessage("t.Long")] public sealed class LongMsg { [ProtoField(1)] public long A { get; set; } }
    [DedisMessage("t.UInt")] public sealed class UIntMsg { [ProtoField(1)] public uint A { get; set; } }
    [DedisMessage("t.Bool")] public sealed class BoolMsg { [ProtoField(1)] public bool B { get; set; } }
    [DedisMessage("t.Str")] public sealed class StrMsg { [ProtoField(1)] public string S { get; set; } = ""; }
    [DedisMessage("t.StrPtr")] public sealed class StrPtrMsg { [ProtoField(1, Optional = true)] public string? E { get; set; } }
    [DedisMessage("t.Time")] public sealed class TimeMsg { [ProtoField(1)] public DateTimeOffset T { get; set; } }
    [DedisMessage("t.Double")] public sealed class DoubleMsg { [ProtoField(1)] public double F { get; set; } }
    [DedisMessage("t.Ints")] public sealed class IntsMsg { [ProtoField(1)] public List<int>? A { get; set; } }
    [DedisMessage("t.UInts")] public sealed class UIntsMsg { [ProtoField(1)] public List<uint> A { get; set; } = []; }
    [DedisMessage("t.Strs")] public sealed class StrsMsg { [ProtoField(1)] public List<string> A { get; set; } = []; }
    [DedisMessage("t.Bytes")] public sealed class BytesMsg { [ProtoField(1)] public byte[]? A { get; set; } }
    [DedisMessage("t.Map")] public sealed class MapMsg { [ProtoField(1)] public Dictionary<string, bool> M { get; set; } = []; }
    [DedisMessage("t.Empty")] public sealed class EmptyMsg;

    public static TheoryData<object, string> Examples => new()
    {
        { new IntMsg { A = 37 }, "084a" },
        { new StrPtrMsg { E = "b" }, "0a0162" },
        { new StrPtrMsg(), "" },
        { new IntMsg { A = -1 }, "0801" },
        { new LongMsg { A = -300 }, "08d704" },
        { new UIntMsg { A = 300 }, "08ac02" },
        { new BoolMsg(), "0800" },
        { new StrMsg(), "0a00" },
        { new TimeMsg { T = DateTimeOffset.FromUnixTimeSeconds(1) }, "0900ca9a3b00000000" },
        { new DoubleMsg { F = 1.5 }, "09000000000000f83f" },
        { new IntsMsg { A = [1, -2, 3] }, "0a03020306" },
        { new UIntsMsg { A = [1, 300] }, "0a0301ac02" },
        { new IntsMsg { A = [] }, "0a00" },
        { new IntsMsg(), "0a00" },
        { new StrsMsg { A = ["a", "b"] }, "0a01610a0162" },
        { new StrsMsg(), "" },
        { new BytesMsg(), "0a00" },
        { new MapMsg { M = new() { ["a"] = true } }, "0a050a01611001" },
        { new EmptyMsg(), "" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void EncodesLikeGo(object message, string hex) =>
        Assert.Equal(hex, Hex.Of(DedisProtobuf.Encode(message)));

    [Theory]
    [MemberData(nameof(Examples))]
    public void DecodingGoBytesReencodesThem(object message, string hex)
    {
        var decoded = DedisProtobuf.Decode(message.GetType(), Hex.Bytes(hex));
        Assert.Equal(hex, Hex.Of(DedisProtobuf.Encode(decoded)));
    }

    [Fact]
    public void DecodesScalarValues()
    {
        Assert.Equal(37, DedisProtobuf.Decode<IntMsg>(Hex.Bytes("084a")).A);
        Assert.Equal(-300, DedisProtobuf.Decode<LongMsg>(Hex.Bytes("08d704")).A);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1), DedisProtobuf.Decode<TimeMsg>(Hex.Bytes("0900ca9a3b00000000")).T);
        Assert.Equal(new[] { 1, -2, 3 }, DedisProtobuf.Decode<IntsMsg>(Hex.Bytes("0a03020306")).A);
        Assert.True(DedisProtobuf.Decode<MapMsg>(Hex.Bytes("0a050a01611001")).M["a"]);
        Assert.Null(DedisProtobuf.Decode<StrPtrMsg>([]).E);
    }

    [Fact]
    public void ZeroMessageEmitsEveryNonPointerField()
    {
        // Hand-derived from §1.3: every scalar, string, bytes, [4]byte, UUID, time (Go's zero time.Time wraps
        // UnixNano to -6795364578871345152), duration, value struct and packed list is written; the optional
        // struct, interface, repeated and map fields are not.
        const string expected =
            "0800" + "1000" + "1800" + "2000" + "2800" + "3500000000" + "390000000000000000" + "4500000000"
            + "490000000000000000" + "5500000000" + "590000000000000000" + "6200" + "6a00" + "720400000000"
            + "7a1000000000000000000000000000000000" + "810100001a3deb03b2a1" + "880100" + "9201040800" + "1200"
            + "a20100" + "ea0100";
        Assert.Equal(expected, Hex.Of(DedisProtobuf.Encode(new Everything())));
    }

    [Fact]
    public void NullValueStructEncodesAsZeroStruct()
    {
        var message = new Everything { Value = null };
        var withZero = new Everything { Value = new Inner() };
        Assert.Equal(DedisProtobuf.Encode(withZero), DedisProtobuf.Encode(message));
    }

    [Fact]
    public void SampleRoundTripsByteExactly()
    {
        var registry = new KyberTypeRegistry();
        var encoded = DedisProtobuf.Encode(Everything.Sample());
        var decoded = DedisProtobuf.Decode<Everything>(encoded, registry);
        Assert.Equal(Hex.Of(encoded), Hex.Of(DedisProtobuf.Encode(decoded)));

        Assert.True(decoded.Flag);
        Assert.Equal(-5, decoded.I32);
        Assert.Equal(long.MinValue, decoded.I64);
        Assert.Equal(uint.MaxValue, decoded.U32);
        Assert.Equal(ulong.MaxValue, decoded.U64);
        Assert.Equal((-2, -3L, 4u, 5ul), (decoded.SF32, decoded.SF64, decoded.UF32, decoded.UF64));
        Assert.Equal((1.25f, -2.5), (decoded.F, decoded.D));
        Assert.Equal("héllo", decoded.S);
        Assert.Equal(new byte[] { 9, 8, 7, 6 }, decoded.Arr4);
        Assert.Equal(Uuid.V5("x"), decoded.Id);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_600_000_000_123), decoded.T);
        Assert.Equal(TimeSpan.FromMilliseconds(-1500), decoded.Dur);
        Assert.Equal(-1, decoded.Pointer!.X);
        Assert.Equal(new[] { 0, -1, long.MaxValue }, decoded.Longs);
        Assert.Equal(new[] { "a", "", "c" }, decoded.Strings);
        // The null element is dropped like a Go nil pointer.
        Assert.Equal(new[] { 2, 0 }, decoded.Inners.Select(i => i!.X));
        Assert.Equal("", decoded.StrMap["a"]);
        Assert.Equal("m", decoded.IntMap[-1].Name);
        var point = Assert.IsType<OpaqueKyberValue>(decoded.Point);
        Assert.Equal("ed.point", point.MarshalId);
        Assert.Single(decoded.Points);
        Assert.Equal(new[] { Uuid.Nil, Uuid.V3("y") }, decoded.Ids);
        Assert.Equal(new[] { -1, 1 }, decoded.FixedInts);
    }

    [Fact]
    public void MapsAreWrittenInKeyOrder()
    {
        var a = new MapMsg { M = new() { ["b"] = false, ["a"] = true } };
        Assert.Equal("0a050a016110010a050a01621000", Hex.Of(DedisProtobuf.Encode(a)));
    }

    [Fact]
    public void FixedIntegersUseLittleEndianWidths()
    {
        var bytes = DedisProtobuf.Encode(new Everything { SF32 = -2, UF64 = 0x0102030405060708 });
        var hex = Hex.Of(bytes);
        Assert.Contains("35feffffff", hex);
        Assert.Contains("490807060504030201", hex);
    }

    [Fact]
    public void NullMessageMapValueIsAnEncoderError() =>
        Assert.Throws<ProtobufException>(() => DedisProtobuf.Encode(new Everything { IntMap = new() { [1] = null! } }));

    [Fact]
    public void WrongFixedArrayLengthIsAnEncoderError()
    {
        var e = Assert.Throws<ProtobufException>(() => DedisProtobuf.Encode(new Everything { Arr4 = [1, 2] }));
        Assert.Contains("test.Everything.Arr4", e.Message);
    }

    [DedisMessage("t.Unmapped")] public sealed class UnmappedMsg { [ProtoField(1)] public short A { get; set; } }
    [DedisMessage("t.Twice")] public sealed class TwiceMsg { [ProtoField(1)] public int A { get; set; } [ProtoField(1)] public int B { get; set; } }
    public sealed class NoAttribute { [ProtoField(1)] public int A { get; set; } }

    [Fact]
    public void UnmappableTypesAreCodecErrors()
    {
        Assert.Throws<ProtobufException>(() => DedisProtobuf.Encode(new UnmappedMsg()));
        Assert.Throws<ProtobufException>(() => DedisProtobuf.Encode(new TwiceMsg()));
        Assert.Throws<ProtobufException>(() => DedisProtobuf.Encode(new NoAttribute()));
        Assert.Throws<ProtobufException>(() => DedisProtobuf.Decode<NoAttribute>([]));
    }

    [Fact]
    public void CyclicGraphIsAnEncoderError()
    {
        var chain = new Chain();
        chain.Next = chain;
        Assert.Throws<ProtobufException>(() => DedisProtobuf.Encode(chain));
    }
}

/// <summary>Go flattens an embedded struct into the parent's numbering (§1.1 rule 3); C# models it by inheritance.</summary>
public class EmbeddingTests
{
    [DedisMessage("t.Fix")]
    public class Fix
    {
        [ProtoField(1)] public int Index { get; init; }
        [ProtoField(2)] public string Data { get; init; } = "";
    }

    [DedisMessage("t.Block")]
    public sealed class Block : Fix
    {
        [ProtoField(3)] public List<string> Links { get; init; } = [];
    }

    [Fact]
    public void InheritedPropertiesKeepTheirNumbersAndInitSettersWork()
    {
        var block = new Block { Index = 1, Data = "d", Links = ["x"] };
        var bytes = DedisProtobuf.Encode(block);
        Assert.Equal("0802" + "120164" + "1a0178", Hex.Of(bytes));
        var decoded = DedisProtobuf.Decode<Block>(bytes);
        Assert.Equal((1, "d", "x"), (decoded.Index, decoded.Data, decoded.Links.Single()));
        Assert.Equal("0802" + "120164", Hex.Of(DedisProtobuf.Encode(new Fix { Index = 1, Data = "d" })));
    }
}

/// <summary>T[] properties are Go slices exactly like List&lt;T&gt; (byte[] alone is []byte).</summary>
public class ArrayFieldTests
{
    [DedisMessage("t.Arrays")]
    public sealed class Arrays
    {
        [ProtoField(1)] public long[] Longs { get; set; } = [];
        [ProtoField(2)] public string[]? Strings { get; set; }
        [ProtoField(3)] public Inner?[] Inners { get; set; } = [];
        [ProtoField(4)] public byte[][] Blobs { get; set; } = [];
        [ProtoField(5)] public List<long> LongList { get; set; } = [];
    }

    [Fact]
    public void EncodeLikeTheirListCounterparts()
    {
        var arrays = new Arrays { Longs = [1, -2], Strings = ["a"], Inners = [null, new Inner { X = 3 }], Blobs = [[7], []], LongList = [1, -2] };
        // 0a 02 02 03 | 12 01 61 | 1a 04 08 06 12 00 | 22 01 07 22 00 | 2a 02 02 03
        Assert.Equal("0a020203" + "120161" + "1a0408061200" + "2201072200" + "2a020203", Hex.Of(DedisProtobuf.Encode(arrays)));
        Assert.Equal("0a00" + "2a00", Hex.Of(DedisProtobuf.Encode(new Arrays())));
    }

    [Fact]
    public void DecodeAccumulatesAcrossRepeatedFields()
    {
        var decoded = DedisProtobuf.Decode<Arrays>(Hex.Bytes("0a020203" + "0a0106" + "120161" + "120162" + "1a0408061200" + "1a00" + "2201072200"));
        Assert.Equal(new[] { 1L, -2, 3 }, decoded.Longs);
        Assert.Equal(new[] { "a", "b" }, decoded.Strings);
        Assert.Equal(new[] { 3, 0 }, decoded.Inners.Select(i => i!.X));
        Assert.Equal(2, decoded.Blobs.Length);
        Assert.Null(DedisProtobuf.Decode<Arrays>([]).Strings); // absent: left as constructed
    }

    [Fact]
    public void ManyRepeatedElementsAreCollectedOnce()
    {
        const int count = 50_000;
        var bytes = Enumerable.Repeat(new byte[] { 0x12, 0x00 }, count).SelectMany(b => b).ToArray();
        Assert.Equal(count, DedisProtobuf.Decode<Arrays>(bytes).Strings!.Length);
    }

    [DedisMessage("t.Matrix")]
    public sealed class Matrix { [ProtoField(1)] public int[,] Cells { get; set; } = new int[0, 0]; }

    [Fact]
    public void MultiDimensionalArraysAreRejected() =>
        Assert.Throws<ProtobufException>(() => DedisProtobuf.Encode(new Matrix()));
}
