using Conode.Protobuf;

namespace Conode.Interfaces.Tests.Protobuf;

/// <summary>Untrusted bytes: only ProtobufException may escape, and nothing is sized from a declared length.</summary>
public class HostileInputTests
{
    [Theory]
    [InlineData("08")] // truncated varint value
    [InlineData("08 80")] // varint continuation without end
    [InlineData("08 ff ff ff ff ff ff ff ff ff 7f")] // 10-byte varint with more than 64 bits
    [InlineData("08 80 80 80 80 80 80 80 80 80 80 01")] // 11-byte varint
    [InlineData("08 02")] // bool = 2 (Go: invalid bool value)
    [InlineData("09 0000000000000000")] // bool with wire type fixed64
    [InlineData("62 05 61 62")] // string length past the end
    [InlineData("62 ff ff ff ff 0f")] // 4 GiB string length
    [InlineData("6a ff ff ff ff ff ff ff ff 7f")] // 2^63 byte length
    [InlineData("60 00")] // string with wire type varint
    [InlineData("72 03 010203")] // [4]byte with 3 bytes
    [InlineData("72 05 0102030405")] // [4]byte with 5 bytes
    [InlineData("7a 0f 000102030405060708090a0b0c0d0e")] // UUID with 15 bytes
    [InlineData("35 0102")] // truncated fixed32
    [InlineData("39 01020304050607")] // truncated fixed64
    [InlineData("55 00")] // truncated float
    [InlineData("58 00")] // double with wire type varint
    [InlineData("0b 0c")] // field 1 as a group
    [InlineData("f3 07 f4 07")] // unknown field 126 as a group
    [InlineData("0e 00")] // wire type 6
    [InlineData("92 01 02 08")] // nested message truncated inside
    [InlineData("92 01 05 08 00")] // nested message length past the end
    [InlineData("a2 01 02 80 80")] // packed list with a truncated varint
    [InlineData("c2 01 02 12 00")] // map entry without key
    [InlineData("c2 01 00")] // empty map entry
    [InlineData("ca 01 02 08 03 12 02 10")] // map value message truncated
    public void MalformedInputThrowsProtobufException(string hex)
    {
        Assert.Throws<ProtobufException>(() => DedisProtobuf.Decode<Everything>(Hex.Bytes(hex)));
    }

    [Fact]
    public void ErrorNamesMessageAndFieldPath()
    {
        var e = Assert.Throws<ProtobufException>(() => DedisProtobuf.Decode<Everything>(Hex.Bytes("ba 01 04 08 00 10 02")));
        Assert.Contains("test.Everything.Inners: test.Inner.Name", e.Message);
    }

    [Fact]
    public void HugeDeclaredLengthsAllocateNothingProportional()
    {
        byte[] hostile = Hex.Bytes("6a ff ff ff ff 07 00 00");
        Assert.Throws<ProtobufException>(() => DedisProtobuf.Decode<Everything>(hostile)); // warms the metadata cache
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            Assert.Throws<ProtobufException>(() => DedisProtobuf.Decode<Everything>(hostile));
        }
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void NestingIsBounded()
    {
        Assert.NotNull(DedisProtobuf.Decode<Chain>(Nested(DecodeContext.MaxDepth - 1)));
        var e = Assert.Throws<ProtobufException>(() => DedisProtobuf.Decode<Chain>(Nested(DecodeContext.MaxDepth + 10)));
        Assert.Contains("nesting", e.Message);
    }

    private static byte[] Nested(int levels)
    {
        var bytes = Array.Empty<byte>();
        for (var i = 0; i < levels; i++)
        {
            var length = (ulong)bytes.Length;
            var prefix = new List<byte> { 0x0a };
            do
            {
                prefix.Add((byte)(length < 0x80 ? length : (length & 0x7f) | 0x80));
                length >>= 7;
            }
            while (length != 0);
            bytes = [.. prefix, .. bytes];
        }
        return bytes;
    }

    public static TheoryData<Type, string> Seeds => new()
    {
        { typeof(Everything), Hex.Of(DedisProtobuf.Encode(Everything.Sample())) },
        { typeof(Chain), Hex.Of(Nested(5)) },
        { typeof(EncodingRuleTests.MapMsg), "0a050a016110010a050a01621000" },
        { typeof(ArrayFieldTests.Arrays), "0a020203" + "120161" + "1a0408061200" + "2201072200" + "2a020203" },
    };

    /// <summary>Random and mutated inputs (fixed seed): decoding either succeeds or throws ProtobufException.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void FuzzedInputOnlyEverThrowsProtobufException(Type type, string seedHex)
    {
        FuzzDecode(type, Hex.Bytes(seedHex), TestKyber.EdRegistry());
    }

    internal static void FuzzDecode(Type type, byte[] seed, KyberTypeRegistry registry)
    {
        var random = new Random(20261125);
        for (var i = 0; i < 3000; i++)
        {
            var input = Mutate(random, seed);
            object decoded;
            try
            {
                decoded = DedisProtobuf.Decode(type, input, registry);
            }
            catch (ProtobufException)
            {
                continue;
            }
            // Whatever was accepted must be encodable again.
            DedisProtobuf.Encode(decoded);
        }
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        switch (random.Next(5))
        {
            case 0:
                var noise = new byte[random.Next(64)];
                random.NextBytes(noise);
                return noise;
            case 1:
                return seed[..random.Next(seed.Length + 1)];
            default:
                var copy = (byte[])seed.Clone();
                for (var n = random.Next(1, 4); n > 0 && copy.Length > 0; n--)
                {
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                }
                return copy;
        }
    }
}
