using System.Buffers.Binary;

namespace Conode.Silo.Peers;

/// <summary>A peer broke the conode-to-conode protocol; its connection is closed and the reason logged once.</summary>
public sealed class PeerProtocolException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>
/// onet's frames (onet-wire.md §3.1): <c>BE32 length ‖ packet</c>, where packet = type ID ‖ protobuf body and a
/// receiver refuses a length above 10 MiB.
/// </summary>
public static class PeerFraming
{
    public const int HeaderSize = 4;

    /// <summary>The Go receiver's limit on a packet (type ID + body).</summary>
    public const int MaxPacketSize = 10 * 1024 * 1024;

    // The receive buffer starts at this size and doubles as bytes actually arrive, so a header alone cannot make
    // us reserve the full 10 MiB.
    private const int InitialBuffer = 64 * 1024;

    /// <summary>Length header followed by the packet, in one buffer so that a frame is written in one call.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> packet)
    {
        // A Go receiver would refuse the frame without consuming it and lose track of the stream.
        if (packet.Length > MaxPacketSize)
        {
            throw new ArgumentException($"packet of {packet.Length} bytes exceeds the {MaxPacketSize}-byte frame limit", nameof(packet));
        }
        var frame = new byte[HeaderSize + packet.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)packet.Length);
        packet.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    /// <summary>
    /// Reads one packet with blocking reads; null when the stream ends cleanly before a header.
    /// </summary>
    /// <exception cref="PeerProtocolException">Oversized length or a stream that ends inside a frame.</exception>
    public static byte[]? ReadPacket(Stream stream, int maxPacketSize = MaxPacketSize)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        var headerBytes = stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false);
        if (headerBytes == 0)
        {
            return null;
        }
        if (headerBytes < HeaderSize)
        {
            throw new PeerProtocolException($"stream ended after {headerBytes} bytes of a frame header");
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > (uint)maxPacketSize)
        {
            throw new PeerProtocolException($"frame of {length} bytes exceeds the {maxPacketSize}-byte limit");
        }
        var packet = new byte[Math.Min((int)length, InitialBuffer)];
        var filled = 0;
        while (filled < length)
        {
            if (filled == packet.Length)
            {
                Array.Resize(ref packet, (int)Math.Min(length, 2L * packet.Length));
            }
            var read = stream.Read(packet, filled, packet.Length - filled);
            if (read == 0)
            {
                throw new PeerProtocolException($"stream ended after {filled} of {length} bytes of a frame");
            }
            filled += read;
        }
        return packet;
    }
}
