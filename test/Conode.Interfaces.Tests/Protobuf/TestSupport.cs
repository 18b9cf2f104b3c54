using Conode.Network;
using Conode.Protobuf;

namespace Conode.Interfaces.Tests.Protobuf;

internal static class Hex
{
    /// <summary>Hex with optional whitespace, as the spec writes byte examples.</summary>
    public static byte[] Bytes(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    public static string Of(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>A stand-in for a kyber point or scalar: an opaque value with a tag.</summary>
internal sealed class TestKyber(string tag, byte[] data) : IKyberMarshaler
{
    public string MarshalId { get; } = tag;

    public byte[] Data { get; } = data;

    public byte[] MarshalBinary() => (byte[])Data.Clone();

    /// <summary>A registry knowing "ed.point" as 32-byte values (rejecting other lengths, like a real point).</summary>
    public static KyberTypeRegistry EdRegistry()
    {
        var registry = new KyberTypeRegistry();
        registry.Register("ed.point", Point32);
        return registry;
    }

    public static IKyberMarshaler Point32(ReadOnlySpan<byte> data) =>
        data.Length == 32 ? new TestKyber("ed.point", data.ToArray()) : throw new ArgumentException("not a 32-byte point");
}

[DedisMessage("test.Inner")]
public sealed class Inner
{
    [ProtoField(1)] public int X { get; set; }
    [ProtoField(2)] public string Name { get; set; } = "";
}

/// <summary>One field of every supported kind.</summary>
[DedisMessage("test.Everything")]
public sealed class Everything
{
    [ProtoField(1)] public bool Flag { get; set; }
    [ProtoField(2)] public int I32 { get; set; }
    [ProtoField(3)] public long I64 { get; set; }
    [ProtoField(4)] public uint U32 { get; set; }
    [ProtoField(5)] public ulong U64 { get; set; }
    [ProtoField(6, Fixed = true)] public int SF32 { get; set; }
    [ProtoField(7, Fixed = true)] public long SF64 { get; set; }
    [ProtoField(8, Fixed = true)] public uint UF32 { get; set; }
    [ProtoField(9, Fixed = true)] public ulong UF64 { get; set; }
    [ProtoField(10)] public float F { get; set; }
    [ProtoField(11)] public double D { get; set; }
    [ProtoField(12)] public string S { get; set; } = "";
    [ProtoField(13)] public byte[]? B { get; set; }
    [ProtoField(14), FixedSize(4)] public byte[]? Arr4 { get; set; }
    [ProtoField(15)] public Uuid Id { get; set; }
    [ProtoField(16)] public DateTimeOffset T { get; set; }
    [ProtoField(17)] public TimeSpan Dur { get; set; }
    [ProtoField(18)] public Inner? Value { get; set; }
    [ProtoField(19, Optional = true)] public Inner? Pointer { get; set; }
    [ProtoField(20)] public List<long> Longs { get; set; } = [];
    [ProtoField(21)] public List<string> Strings { get; set; } = [];
    [ProtoField(22)] public List<byte[]> Blobs { get; set; } = [];
    [ProtoField(23)] public List<Inner?> Inners { get; set; } = [];
    [ProtoField(24)] public Dictionary<string, string> StrMap { get; set; } = [];
    [ProtoField(25)] public Dictionary<int, Inner> IntMap { get; set; } = [];
    [ProtoField(26)] public IKyberMarshaler? Point { get; set; }
    [ProtoField(27)] public List<IKyberMarshaler?> Points { get; set; } = [];
    [ProtoField(28)] public List<Uuid> Ids { get; set; } = [];
    [ProtoField(29, Fixed = true)] public List<int> FixedInts { get; set; } = [];

    public static Everything Sample() => new()
    {
        Flag = true, I32 = -5, I64 = long.MinValue, U32 = uint.MaxValue, U64 = ulong.MaxValue,
        SF32 = -2, SF64 = -3, UF32 = 4, UF64 = 5, F = 1.25f, D = -2.5, S = "héllo", B = [1, 2, 3],
        Arr4 = [9, 8, 7, 6], Id = Uuid.V5("x"), T = DateTimeOffset.FromUnixTimeMilliseconds(1_600_000_000_123),
        Dur = TimeSpan.FromMilliseconds(-1500), Value = new Inner { X = 1, Name = "v" },
        Pointer = new Inner { X = -1 }, Longs = [0, -1, long.MaxValue], Strings = ["a", "", "c"],
        Blobs = [[], [0xff]], Inners = [new Inner { X = 2 }, null, new Inner()],
        StrMap = new() { ["b"] = "2", ["a"] = "" }, IntMap = new() { [-1] = new Inner { Name = "m" } },
        Point = new TestKyber("ed.point", new byte[32]), Points = [null, new TestKyber("ed.scala", [1, 2])],
        Ids = [Uuid.Nil, Uuid.V3("y")], FixedInts = [-1, 1],
    };
}

/// <summary>A message that nests itself, for depth limits.</summary>
[DedisMessage("test.Chain")]
public sealed class Chain
{
    [ProtoField(1, Optional = true)] public Chain? Next { get; set; }
}

internal static class RegistryAssert
{
    /// <summary>The class's type ID is <paramref name="hex"/> (Go's) and MessageRegistry.Default knows it under that ID.</summary>
    public static void HasGosTypeId(Type type, string hex)
    {
        Assert.Equal(hex, Hex.Of(MessageTypeId.Of(type).ToByteArray()));
        Assert.Equal(MessageTypeId.Of(type), MessageRegistry.Default.TypeIdOf(type));
    }
}
