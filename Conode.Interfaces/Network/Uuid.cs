using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Conode.Network;

/// <summary>
/// A 16-byte RFC 4122 identifier held in network (big-endian) byte order, exactly as Go's <c>uuid.UUID</c> and the
/// wire carry it. Deliberately not <see cref="Guid"/>, whose byte layout swaps the first three fields
/// (onet-wire.md §8.1). The dedis codec encodes it as a 16-byte fixed array.
/// </summary>
[GenerateSerializer, Immutable]
public readonly struct Uuid : IEquatable<Uuid>, IComparable<Uuid>
{
    public const int Size = 16;

    [Id(0)] private readonly ulong _high;
    [Id(1)] private readonly ulong _low;

    private Uuid(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    public Uuid(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"a UUID has {Size} bytes, got {bytes.Length}", nameof(bytes));
        }
        _high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
    }

    /// <summary>The nil UUID; as a message type ID it is onet's ErrorType.</summary>
    public static Uuid Nil => default;

    /// <summary>RFC 4122 NameSpace_URL, the namespace of every onet name-based UUID.</summary>
    public static Uuid NamespaceUrl { get; } = Parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    public bool IsNil => _high == 0 && _low == 0;

    public byte[] ToByteArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    /// <summary>Version 3 (MD5) name-based UUID in the URL namespace, over the UTF-8 bytes of <paramref name="name"/>.</summary>
    public static Uuid V3(string name) => V3(Encoding.UTF8.GetBytes(name));

    public static Uuid V3(ReadOnlySpan<byte> name) => NameBased(name, 3);

    /// <summary>Version 5 (SHA-1) name-based UUID in the URL namespace, over the UTF-8 bytes of <paramref name="name"/>.</summary>
    public static Uuid V5(string name) => V5(Encoding.UTF8.GetBytes(name));

    public static Uuid V5(ReadOnlySpan<byte> name) => NameBased(name, 5);

    /// <summary>Random version 4 UUID (protocol RoundIDs).</summary>
    public static Uuid NewRandom()
    {
        Span<byte> bytes = stackalloc byte[Size];
        RandomNumberGenerator.Fill(bytes);
        return WithVersion(bytes, 4);
    }

    private static Uuid NameBased(ReadOnlySpan<byte> name, int version)
    {
        var input = new byte[Size + name.Length];
        NamespaceUrl.WriteTo(input);
        name.CopyTo(input.AsSpan(Size));
        var hash = version == 3 ? MD5.HashData(input) : SHA1.HashData(input);
        return WithVersion(hash.AsSpan(0, Size), version);
    }

    private static Uuid WithVersion(Span<byte> bytes, int version)
    {
        bytes[6] = (byte)((bytes[6] & 0x0f) | (version << 4));
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80);
        return new Uuid(bytes);
    }

    /// <summary>Parses the 36-character hyphenated form (either case).</summary>
    public static Uuid Parse(string text)
    {
        if (!TryParse(text, out var uuid))
        {
            throw new FormatException($"not a UUID: \"{text}\"");
        }
        return uuid;
    }

    public static bool TryParse(string? text, out Uuid uuid)
    {
        uuid = default;
        if (text is null || text.Length != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
        {
            return false;
        }
        Span<char> hex = stackalloc char[2 * Size];
        text.AsSpan(0, 8).CopyTo(hex);
        text.AsSpan(9, 4).CopyTo(hex[8..]);
        text.AsSpan(14, 4).CopyTo(hex[12..]);
        text.AsSpan(19, 4).CopyTo(hex[16..]);
        text.AsSpan(24, 12).CopyTo(hex[20..]);
        Span<byte> bytes = stackalloc byte[Size];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Size)
        {
            return false;
        }
        uuid = new Uuid(bytes);
        return true;
    }

    /// <summary>36-character lowercase hyphenated form, as Go's <c>uuid.UUID.String()</c>.</summary>
    public override string ToString() => string.Create(36, this, static (chars, uuid) =>
    {
        // Built in place: TokenIDs format six UUIDs for every protocol message.
        Span<byte> bytes = stackalloc byte[Size];
        uuid.WriteTo(bytes);
        var at = 0;
        for (var i = 0; i < Size; i++)
        {
            if (i is 4 or 6 or 8 or 10)
            {
                chars[at++] = '-';
            }
            chars[at++] = "0123456789abcdef"[bytes[i] >> 4];
            chars[at++] = "0123456789abcdef"[bytes[i] & 0xf];
        }
    });

    public bool Equals(Uuid other) => _high == other._high && _low == other._low;

    public override bool Equals(object? obj) => obj is Uuid other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low);

    /// <summary>Byte-wise order (the order of the network bytes).</summary>
    public int CompareTo(Uuid other) => _high != other._high ? _high.CompareTo(other._high) : _low.CompareTo(other._low);

    public static bool operator ==(Uuid left, Uuid right) => left.Equals(right);

    public static bool operator !=(Uuid left, Uuid right) => !left.Equals(right);
}
