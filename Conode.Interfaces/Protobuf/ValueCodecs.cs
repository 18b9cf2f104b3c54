using System.Text;
using Conode.Network;

namespace Conode.Protobuf;

/// <summary>State of one top-level decode: the kyber registry and the nesting depth bound.</summary>
internal sealed class DecodeContext(KyberTypeRegistry registry)
{
    /// <summary>Go has no bound; this one still admits a 500-level line of TreeMarshal children.</summary>
    public const int MaxDepth = 512;

    public KyberTypeRegistry Registry { get; } = registry;

    public int Depth { get; set; }

    /// <summary>
    /// Per-message scratch of the message being decoded: the lists behind its array fields, which are assigned only
    /// when the message is complete so that repeated elements never copy the array again.
    /// </summary>
    public object?[]? PendingArrays { get; set; }
}

/// <summary>
/// Encodes and decodes one value of a Go kind (onet-wire.md §1.3, §1.7), without the field tag. Decoders receive
/// the wire type that was found and reject the ones Go rejects.
/// </summary>
internal abstract class ValueCodec<T>
{
    public abstract int WireType { get; }

    /// <summary>Lists of this kind are packed (numerics) rather than repeated.</summary>
    public virtual bool Packable => false;

    /// <summary>Null list elements are dropped (Go nil pointers) rather than written as the zero value.</summary>
    public virtual bool DropsNullElements => false;

    /// <summary>Go's zero value, for a map entry without value.</summary>
    public virtual T Zero => default!;

    public abstract void Write(ProtoWriter writer, T value);

    public abstract T Read(ref ProtoReader reader, int wireType, DecodeContext context);

    protected static ProtobufException BadWireType(int wireType, string expected) =>
        new($"wire type {Protobuf.WireType.Name(wireType)} where {expected} was expected");

    protected static ReadOnlySpan<byte> ReadLengthDelimited(ref ProtoReader reader, int wireType)
    {
        if (wireType != Protobuf.WireType.LengthDelimited)
        {
            throw BadWireType(wireType, "length-delimited");
        }
        return reader.ReadLengthDelimited();
    }

    /// <summary>Go accepts zigzag varint, sfixed32 and sfixed64 for every signed integer (and time) field.</summary>
    protected static long ReadSigned(ref ProtoReader reader, int wireType) => wireType switch
    {
        Protobuf.WireType.Varint => UnZigZag(reader.ReadVarint()),
        Protobuf.WireType.Fixed32 => (int)reader.ReadFixed32(),
        Protobuf.WireType.Fixed64 => (long)reader.ReadFixed64(),
        _ => throw BadWireType(wireType, "an integer"),
    };

    protected static ulong ReadUnsigned(ref ProtoReader reader, int wireType) => wireType switch
    {
        Protobuf.WireType.Varint => reader.ReadVarint(),
        Protobuf.WireType.Fixed32 => reader.ReadFixed32(),
        Protobuf.WireType.Fixed64 => reader.ReadFixed64(),
        _ => throw BadWireType(wireType, "an integer"),
    };

    protected static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}

internal sealed class BoolCodec : ValueCodec<bool>
{
    public override int WireType => Protobuf.WireType.Varint;
    public override bool Packable => true;

    public override void Write(ProtoWriter writer, bool value) => writer.WriteVarint(value ? 1UL : 0UL);

    public override bool Read(ref ProtoReader reader, int wireType, DecodeContext context)
    {
        if (wireType != Protobuf.WireType.Varint)
        {
            throw BadWireType(wireType, "varint bool");
        }
        return reader.ReadVarint() switch
        {
            0 => false,
            1 => true,
            var v => throw new ProtobufException($"invalid bool value {v}"),
        };
    }
}

/// <summary>Go int/int32 (zigzag) or protobuf.Sfixed32. Out-of-range values truncate as Go's reflect.SetInt does.</summary>
internal sealed class Int32Codec(bool isFixed) : ValueCodec<int>
{
    public override int WireType => isFixed ? Protobuf.WireType.Fixed32 : Protobuf.WireType.Varint;
    public override bool Packable => true;

    public override void Write(ProtoWriter writer, int value)
    {
        if (isFixed)
        {
            writer.WriteFixed32((uint)value);
        }
        else
        {
            writer.WriteVarint(ZigZag(value));
        }
    }

    public override int Read(ref ProtoReader reader, int wireType, DecodeContext context) =>
        unchecked((int)ReadSigned(ref reader, wireType));
}

/// <summary>Go int/int64 (zigzag) or protobuf.Sfixed64.</summary>
internal sealed class Int64Codec(bool isFixed) : ValueCodec<long>
{
    public override int WireType => isFixed ? Protobuf.WireType.Fixed64 : Protobuf.WireType.Varint;
    public override bool Packable => true;

    public override void Write(ProtoWriter writer, long value)
    {
        if (isFixed)
        {
            writer.WriteFixed64((ulong)value);
        }
        else
        {
            writer.WriteVarint(ZigZag(value));
        }
    }

    public override long Read(ref ProtoReader reader, int wireType, DecodeContext context) => ReadSigned(ref reader, wireType);
}

/// <summary>Go uint32 (plain varint) or protobuf.Ufixed32.</summary>
internal sealed class UInt32Codec(bool isFixed) : ValueCodec<uint>
{
    public override int WireType => isFixed ? Protobuf.WireType.Fixed32 : Protobuf.WireType.Varint;
    public override bool Packable => true;

    public override void Write(ProtoWriter writer, uint value)
    {
        if (isFixed)
        {
            writer.WriteFixed32(value);
        }
        else
        {
            writer.WriteVarint(value);
        }
    }

    public override uint Read(ref ProtoReader reader, int wireType, DecodeContext context) =>
        unchecked((uint)ReadUnsigned(ref reader, wireType));
}

/// <summary>Go uint64 (plain varint) or protobuf.Ufixed64.</summary>
internal sealed class UInt64Codec(bool isFixed) : ValueCodec<ulong>
{
    public override int WireType => isFixed ? Protobuf.WireType.Fixed64 : Protobuf.WireType.Varint;
    public override bool Packable => true;

    public override void Write(ProtoWriter writer, ulong value)
    {
        if (isFixed)
        {
            writer.WriteFixed64(value);
        }
        else
        {
            writer.WriteVarint(value);
        }
    }

    public override ulong Read(ref ProtoReader reader, int wireType, DecodeContext context) => ReadUnsigned(ref reader, wireType);
}

internal sealed class FloatCodec : ValueCodec<float>
{
    public override int WireType => Protobuf.WireType.Fixed32;
    public override bool Packable => true;

    public override void Write(ProtoWriter writer, float value) => writer.WriteFixed32(BitConverter.SingleToUInt32Bits(value));

    public override float Read(ref ProtoReader reader, int wireType, DecodeContext context) =>
        wireType == Protobuf.WireType.Fixed32
            ? BitConverter.UInt32BitsToSingle(reader.ReadFixed32())
            : throw BadWireType(wireType, "fixed32 float");
}

internal sealed class DoubleCodec : ValueCodec<double>
{
    public override int WireType => Protobuf.WireType.Fixed64;
    public override bool Packable => true;

    public override void Write(ProtoWriter writer, double value) => writer.WriteFixed64(BitConverter.DoubleToUInt64Bits(value));

    public override double Read(ref ProtoReader reader, int wireType, DecodeContext context) =>
        wireType == Protobuf.WireType.Fixed64
            ? BitConverter.UInt64BitsToDouble(reader.ReadFixed64())
            : throw BadWireType(wireType, "fixed64 double");
}

/// <summary>Go time.Duration: an int64 of nanoseconds, zigzag. Decoding truncates to .NET's 100 ns ticks.</summary>
internal sealed class DurationCodec : ValueCodec<TimeSpan>
{
    private const long NanosPerTick = 100;

    public override int WireType => Protobuf.WireType.Varint;
    public override bool Packable => true;

    public override void Write(ProtoWriter writer, TimeSpan value)
    {
        if (value.Ticks > long.MaxValue / NanosPerTick || value.Ticks < long.MinValue / NanosPerTick)
        {
            throw new ProtobufException($"duration {value} exceeds Go's time.Duration range");
        }
        writer.WriteVarint(ZigZag(value.Ticks * NanosPerTick));
    }

    public override TimeSpan Read(ref ProtoReader reader, int wireType, DecodeContext context) =>
        TimeSpan.FromTicks(ReadSigned(ref reader, wireType) / NanosPerTick);
}

/// <summary>
/// Go time.Time: <c>UnixNano()</c> as fixed64. Like Go, times outside 1678..2262 wrap (Go's zero time — and
/// <c>default(DateTimeOffset)</c> — give the same wrapped value). Decoding accepts zigzag, fixed32 and fixed64.
/// </summary>
internal sealed class TimeCodec : ValueCodec<DateTimeOffset>
{
    public override int WireType => Protobuf.WireType.Fixed64;

    public override void Write(ProtoWriter writer, DateTimeOffset value)
    {
        var ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var subTicks);
        if (subTicks < 0)
        {
            seconds--;
            subTicks += TimeSpan.TicksPerSecond;
        }
        writer.WriteFixed64((ulong)unchecked(seconds * 1_000_000_000 + subTicks * 100));
    }

    public override DateTimeOffset Read(ref ProtoReader reader, int wireType, DecodeContext context)
    {
        // Any int64 of nanoseconds lies within DateTimeOffset's range; floor division keeps pre-1970 instants exact.
        var nanos = ReadSigned(ref reader, wireType);
        return DateTimeOffset.UnixEpoch.AddTicks(Math.DivRem(nanos, 100, out var rest) - (rest < 0 ? 1 : 0));
    }
}

/// <summary>Go string: raw bytes, no UTF-8 check. C# strings are UTF-16, so invalid UTF-8 decodes lossily (U+FFFD).</summary>
internal sealed class StringCodec : ValueCodec<string>
{
    public override int WireType => Protobuf.WireType.LengthDelimited;
    public override string Zero => "";

    public override void Write(ProtoWriter writer, string value)
    {
        value ??= "";
        var length = Encoding.UTF8.GetByteCount(value);
        writer.WriteVarint((ulong)length);
        Encoding.UTF8.GetBytes(value, writer.Reserve(length));
    }

    public override string Read(ref ProtoReader reader, int wireType, DecodeContext context) =>
        Encoding.UTF8.GetString(ReadLengthDelimited(ref reader, wireType));
}

/// <summary>Go []byte: null and empty both encode as length 0.</summary>
internal sealed class BytesCodec : ValueCodec<byte[]>
{
    public override int WireType => Protobuf.WireType.LengthDelimited;
    public override byte[] Zero => [];

    public override void Write(ProtoWriter writer, byte[] value) => writer.WriteBytes(value);

    public override byte[] Read(ref ProtoReader reader, int wireType, DecodeContext context) =>
        ReadLengthDelimited(ref reader, wireType).ToArray();
}

/// <summary>Go [N]byte: always N bytes (null → zeros), decoded only from exactly N bytes.</summary>
internal sealed class FixedBytesCodec(int size) : ValueCodec<byte[]>
{
    public override int WireType => Protobuf.WireType.LengthDelimited;
    public override byte[] Zero => new byte[size];

    public override void Write(ProtoWriter writer, byte[] value)
    {
        if (value is null)
        {
            writer.WriteVarint((ulong)size);
            writer.Reserve(size).Clear();
            return;
        }
        if (value.Length != size)
        {
            throw new ProtobufException($"fixed array of {size} bytes holds {value.Length}");
        }
        writer.WriteBytes(value);
    }

    public override byte[] Read(ref ProtoReader reader, int wireType, DecodeContext context)
    {
        var bytes = ReadLengthDelimited(ref reader, wireType);
        return bytes.Length == size
            ? bytes.ToArray()
            : throw new ProtobufException($"array length {size} and buffer length {bytes.Length} differ");
    }
}

/// <summary>A Go [16]byte UUID type.</summary>
internal sealed class UuidCodec : ValueCodec<Uuid>
{
    public override int WireType => Protobuf.WireType.LengthDelimited;

    public override void Write(ProtoWriter writer, Uuid value)
    {
        writer.WriteVarint(Uuid.Size);
        value.WriteTo(writer.Reserve(Uuid.Size));
    }

    public override Uuid Read(ref ProtoReader reader, int wireType, DecodeContext context)
    {
        var bytes = ReadLengthDelimited(ref reader, wireType);
        return bytes.Length == Uuid.Size
            ? new Uuid(bytes)
            : throw new ProtobufException($"array length {Uuid.Size} and buffer length {bytes.Length} differ");
    }
}

/// <summary>A nested message. A null value encodes as the zero message (Go struct value semantics).</summary>
internal sealed class MessageCodec<T> : ValueCodec<T> where T : class
{
    private MessageDescriptor? _descriptor;

    // Resolved on first use so that recursive types (TreeMarshal.Children) do not recurse while being described.
    private MessageDescriptor Descriptor => _descriptor ??= MessageDescriptor.For(typeof(T));

    public override int WireType => Protobuf.WireType.LengthDelimited;
    public override bool DropsNullElements => true;

    /// <summary>An empty message rather than Go's nil pointer, so that a decoded map can be encoded again.</summary>
    public override T Zero => (T)Descriptor.CreateInstance();

    public override void Write(ProtoWriter writer, T value)
    {
        var start = writer.BeginLengthDelimited();
        Descriptor.EncodeBody(value, writer);
        writer.EndLengthDelimited(start);
    }

    public override T Read(ref ProtoReader reader, int wireType, DecodeContext context) =>
        (T)Descriptor.Decode(ReadLengthDelimited(ref reader, wireType), context);
}

/// <summary>
/// An interface field holding a kyber value: 8-byte tag + MarshalBinary (onet-wire.md §1.5). Decoding tries, in
/// order, the registered tag and the constructor for the declared type (Go's two paths). Where Go would fail because
/// the type is unknown here — no constructor, or the constructor rejects a payload that starts with a tag-like
/// 8 printable ASCII bytes — the bytes are kept opaquely so that the value survives a decode/encode round trip.
/// </summary>
internal sealed class KyberCodec<T> : ValueCodec<T> where T : class, IKyberMarshaler
{
    public override int WireType => Protobuf.WireType.LengthDelimited;
    public override bool DropsNullElements => true;

    public override void Write(ProtoWriter writer, T value)
    {
        var start = writer.BeginLengthDelimited();
        if (value.MarshalId.Length != 0)
        {
            KyberTypeRegistry.WriteTag(value.MarshalId, writer.Reserve(OpaqueKyberValue.TagLength));
        }
        writer.WriteRaw(value.MarshalBinary());
        writer.EndLengthDelimited(start);
    }

    public override T Read(ref ProtoReader reader, int wireType, DecodeContext context)
    {
        var payload = ReadLengthDelimited(ref reader, wireType);
        if (payload.Length > OpaqueKyberValue.TagLength
            && context.Registry.TryGetByTag(payload[..OpaqueKyberValue.TagLength], out var tagged))
        {
            return Checked(Invoke(tagged, payload[OpaqueKyberValue.TagLength..]));
        }
        if (context.Registry.TryGetConstructor(typeof(T), out var constructor))
        {
            try
            {
                return Checked(Invoke(constructor, payload));
            }
            catch (ProtobufException) when (LooksTagged(payload))
            {
                // A tagged value of a type not registered here (e.g. bn256.g2), not a broken default-suite value.
            }
        }
        return Checked(OpaqueKyberValue.FromPayload(payload));
    }

    private static bool LooksTagged(ReadOnlySpan<byte> payload) =>
        payload.Length > OpaqueKyberValue.TagLength
        && !payload[..OpaqueKyberValue.TagLength].ContainsAnyExceptInRange((byte)0x20, (byte)0x7e);

    private static IKyberMarshaler Invoke(KyberFactory factory, ReadOnlySpan<byte> data)
    {
        try
        {
            return factory(data) ?? throw new ProtobufException("kyber factory returned null");
        }
        catch (Exception e) when (e is not ProtobufException)
        {
            throw new ProtobufException($"invalid kyber value: {e.Message}", e);
        }
    }

    private static T Checked(IKyberMarshaler value) =>
        value as T ?? throw new ProtobufException($"decoded {value.GetType().Name} is not a {typeof(T).Name}");
}
