using System.Buffers.Binary;

namespace Conode.Protobuf;

internal static class WireType
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int StartGroup = 3;
    public const int EndGroup = 4;
    public const int Fixed32 = 5;

    public static string Name(int wireType) => wireType switch
    {
        Varint => "varint",
        Fixed64 => "fixed64",
        LengthDelimited => "length-delimited",
        StartGroup or EndGroup => "group",
        Fixed32 => "fixed32",
        _ => $"invalid({wireType})",
    };
}

/// <summary>Growable output buffer with the protobuf primitives.</summary>
internal sealed class ProtoWriter
{
    private byte[] _buffer = new byte[256];
    private int _position;

    /// <summary>Message nesting of the value being written; bounded to turn object cycles into an error.</summary>
    public int Depth { get; set; }

    public byte[] ToArray() => _buffer.AsSpan(0, _position).ToArray();

    public void WriteTag(int field, int wireType) => WriteVarint(((ulong)(uint)field << 3) | (uint)wireType);

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_position++] = (byte)value;
    }

    public void WriteFixed32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    public void WriteFixed64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    /// <summary>Length prefix + bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteVarint((ulong)bytes.Length);
        WriteRaw(bytes);
    }

    /// <summary>A writable window of <paramref name="length"/> bytes, committed immediately.</summary>
    public Span<byte> Reserve(int length)
    {
        Ensure(length);
        var span = _buffer.AsSpan(_position, length);
        _position += length;
        return span;
    }

    /// <summary>
    /// Starts a length-delimited body. One length byte is reserved; <see cref="EndLengthDelimited"/> moves the body
    /// if the length needs more, which avoids encoding nested messages twice to learn their size.
    /// </summary>
    public int BeginLengthDelimited()
    {
        Ensure(1);
        _position++;
        return _position;
    }

    public void EndLengthDelimited(int bodyStart)
    {
        var length = _position - bodyStart;
        var prefix = VarintSize((ulong)length);
        if (prefix > 1)
        {
            Ensure(prefix - 1);
            Buffer.BlockCopy(_buffer, bodyStart, _buffer, bodyStart + prefix - 1, length);
        }
        var at = bodyStart - 1;
        var value = (ulong)length;
        while (value >= 0x80)
        {
            _buffer[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[at] = (byte)value;
        _position += prefix - 1;
    }

    private static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    private void Ensure(int extra)
    {
        if (_buffer.Length - _position >= extra)
        {
            return;
        }
        var needed = (long)_position + extra;
        if (needed > Array.MaxLength)
        {
            throw new ProtobufException("encoded message too large");
        }
        Array.Resize(ref _buffer, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _buffer.Length)));
    }
}

/// <summary>
/// Forward cursor over untrusted input. Every read is bounds-checked; lengths are compared with what is left before
/// anything is sliced, so nothing is ever allocated from a declared length.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new ProtobufException("truncated varint");
            }
            var b = _data[_position++];
            // The 10th byte may only carry the single remaining bit (Go's binary.Uvarint overflow rule).
            if (shift == 63 && b > 1)
            {
                throw new ProtobufException("varint overflows 64 bits");
            }
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw new ProtobufException("varint overflows 64 bits");
    }

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new ProtobufException($"length {length} exceeds the {_data.Length - _position} remaining bytes");
        }
        return Take((int)length);
    }

    /// <summary>Skips an unknown field. Groups are refused as Go does.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            default:
                throw new ProtobufException($"cannot skip wire type {WireType.Name(wireType)}");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_data.Length - _position < count)
        {
            throw new ProtobufException($"truncated: need {count} bytes, {_data.Length - _position} left");
        }
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
