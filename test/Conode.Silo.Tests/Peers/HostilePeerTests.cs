using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Conode.Crypto.Ed25519;
using Conode.Messaging;
using Conode.Network;
using Conode.Silo.Peers;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Tests.Peers;

/// <summary>Whatever arrives on the conode port, the node closes the offending connection and keeps serving.</summary>
public class HostilePeerTests
{
    // Short enough to test the deadline, long enough for an honest TLS handshake on a loaded 2-core machine.
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(2);

    public static TheoryData<string, byte[]> BadFirstFrames => new()
    {
        { "oversize", Header(PeerFraming.MaxPacketSize + 1) },
        { "maximum length", Header(uint.MaxValue) },
        { "truncated header", [0, 0] },
        { "truncated body", [.. Header(100), .. new byte[10]] },
        { "unknown type", Frame([.. new byte[16], 1, 2, 3]) },
        { "no type ID", Frame([1, 2, 3]) },
        { "not a ServerIdentity", Frame(MessageRegistry.Default.Marshal(new Done())) },
        { "identity without key", Frame(MessageRegistry.Default.Marshal(new ServerIdentity { Address = "tcp://127.0.0.1:1" })) },
        { "undecodable identity", Frame([.. MessageTypeId.Of(typeof(ServerIdentity)).ToByteArray(), 0x0a, 0xff]) },
    };

    [Theory]
    [MemberData(nameof(BadFirstFrames))]
    public async Task A_bad_first_frame_closes_the_connection_and_is_logged_once_with_the_address(string name, byte[] bytes)
    {
        await using var node = await PeerNode.StartAsync(ConnType.Tcp, o => o with { AcceptTimeout = Short });
        using var socket = await ConnectAsync(node);

        await socket.SendAsync(bytes);
        socket.Shutdown(SocketShutdown.Send);

        await AssertClosedAsync(socket);
        var warning = await PeerRefusalTests.SingleWarningAsync(node);
        Assert.StartsWith($"Refused peer connection from {socket.LocalEndPoint}:", warning, StringComparison.Ordinal);
        Assert.False(node.Handler.TryNext(out _), name);
        await AssertStillServesAsync(node);
    }

    [Theory]
    [InlineData(ConnType.Tcp)]
    [InlineData(ConnType.Tls)]
    public async Task A_slow_loris_dialer_is_cut_off_at_the_accept_deadline(ConnType connType)
    {
        await using var node = await PeerNode.StartAsync(connType, o => o with { AcceptTimeout = Short });
        using var socket = await ConnectAsync(node);

        // Two bytes of a header (or of a TLS record), then nothing.
        await socket.SendAsync(new byte[] { 0x16, 0x03 });

        await AssertClosedAsync(socket);
        Assert.Contains("timed out", await PeerRefusalTests.SingleWarningAsync(node), StringComparison.Ordinal);
        await AssertStillServesAsync(node);
    }

    [Fact]
    public async Task Garbage_instead_of_a_tls_handshake_is_refused_once()
    {
        await using var node = await PeerNode.StartAsync(ConnType.Tls, o => o with { AcceptTimeout = Short });
        using var socket = await ConnectAsync(node);

        await socket.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5 });

        await AssertClosedAsync(socket);
        Assert.StartsWith($"Refused peer connection from {socket.LocalEndPoint}:", await PeerRefusalTests.SingleWarningAsync(node), StringComparison.Ordinal);
        await AssertStillServesAsync(node);
    }

    [Fact]
    public async Task After_identification_bad_frames_are_dropped_and_an_oversize_one_closes_the_connection()
    {
        await using var node = await PeerNode.StartAsync(ConnType.Tcp);
        using var socket = await ConnectAsync(node);
        var peer = ServerIdentity.Create(Ed25519KeyPair.Generate().Public, "tcp://127.0.0.1:1");
        await socket.SendAsync(Frame(MessageRegistry.Default.Marshal(peer)));

        // Unknown type, undecodable body, empty packet: dropped, the connection stays (Go §3.2).
        await socket.SendAsync(Frame([.. Uuid.NewRandom().ToByteArray(), 1, 2, 3]));
        await socket.SendAsync(Frame([.. MessageTypeId.Of(typeof(ServerIdentity)).ToByteArray(), 0x0a, 0xff]));
        await socket.SendAsync(Frame([]));
        await socket.SendAsync(Frame(MessageRegistry.Default.Marshal(new Done())));
        var received = await node.Handler.NextAsync();
        Assert.IsType<Done>(received.Message);
        Assert.Equal(peer.Id, received.From.Id);
        Assert.Empty(node.Log.At(LogLevel.Warning));

        await socket.SendAsync(Header(PeerFraming.MaxPacketSize + 1));

        await AssertClosedAsync(socket);
        var warning = await PeerRefusalTests.SingleWarningAsync(node);
        Assert.StartsWith($"Closing connection with peer {socket.LocalEndPoint}:", warning, StringComparison.Ordinal);
        Assert.Contains("exceeds", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identified_peer_that_stalls_inside_a_frame_is_cut_off_at_the_read_deadline()
    {
        await using var node = await PeerNode.StartAsync(ConnType.Tcp, o => o with { ReadTimeout = Short });
        using var socket = await ConnectAsync(node);
        var peer = ServerIdentity.Create(Ed25519KeyPair.Generate().Public, "tcp://127.0.0.1:1");
        await socket.SendAsync(Frame(MessageRegistry.Default.Marshal(peer)));

        await socket.SendAsync(Header(1000));
        await socket.SendAsync(new byte[10]);

        await AssertClosedAsync(socket);
        Assert.False(node.Handler.TryNext(out _));
    }

    [Fact]
    public void Frame_decoder_survives_random_streams_and_never_returns_more_than_the_cap()
    {
        var random = new Random(3);
        const int cap = 4096;
        for (var run = 0; run < 2000; run++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (run % 3 == 0 && bytes.Length >= 4)
            {
                // Plausible lengths too, not only huge ones.
                BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)random.Next(0, 80));
            }
            using var stream = new MemoryStream(bytes);
            try
            {
                while (PeerFraming.ReadPacket(stream, cap) is { } packet)
                {
                    Assert.True(packet.Length <= cap);
                }
                Assert.Equal(stream.Length, stream.Position);
            }
            catch (PeerProtocolException)
            {
                // Refused: the caller closes the connection.
            }
        }
    }

    [Fact]
    public void A_header_announcing_the_maximum_does_not_reserve_it_before_the_bytes_arrive()
    {
        var frame = new byte[PeerFraming.HeaderSize + 100];
        BinaryPrimitives.WriteUInt32BigEndian(frame, PeerFraming.MaxPacketSize);
        using var stream = new MemoryStream(frame);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<PeerProtocolException>(() => PeerFraming.ReadPacket(stream));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1024 * 1024, $"{allocated} bytes allocated for 100 bytes received");
    }

    [Fact]
    public void Frames_round_trip_and_oversize_packets_are_never_sent()
    {
        var packet = MessageRegistry.Default.Marshal(new ContactNodes());
        using var stream = new MemoryStream([.. PeerFraming.Frame(packet), .. PeerFraming.Frame([])]);
        Assert.Equal(packet, PeerFraming.ReadPacket(stream));
        Assert.Empty(PeerFraming.ReadPacket(stream)!);
        Assert.Null(PeerFraming.ReadPacket(stream));
        Assert.Throws<ArgumentException>(() => PeerFraming.Frame(new byte[PeerFraming.MaxPacketSize + 1]));
    }

    private static byte[] Header(uint length)
    {
        var header = new byte[PeerFraming.HeaderSize];
        BinaryPrimitives.WriteUInt32BigEndian(header, length);
        return header;
    }

    private static byte[] Header(int length) => Header((uint)length);

    private static byte[] Frame(byte[] packet) => PeerFraming.Frame(packet);

    private static async Task<Socket> ConnectAsync(PeerNode node)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, node.Port);
        return socket;
    }

    /// <summary>The node closed (or reset) the connection: a read ends without data.</summary>
    private static async Task AssertClosedAsync(Socket socket)
    {
        var buffer = new byte[4096];
        try
        {
            int read;
            do
            {
                read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(PeerNode.Patience);
            }
            while (read > 0 && IsTlsAlert(buffer, read));
            Assert.Equal(0, read);
        }
        catch (SocketException)
        {
            // Reset: closed as well.
        }
    }

    // A TLS listener may send an alert record before closing.
    private static bool IsTlsAlert(byte[] buffer, int read) => read >= 1 && buffer[0] == 0x15;

    private static async Task AssertStillServesAsync(PeerNode node)
    {
        await using var peer = await PeerNode.StartAsync(ConodeAddress.Parse(node.Identity.Address).ConnType);
        await peer.Network.SendAsync(node.Identity, new ContactNodes());
        Assert.IsType<ContactNodes>((await node.Handler.NextAsync()).Message);
    }
}
