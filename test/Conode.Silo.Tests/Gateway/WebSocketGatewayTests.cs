using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Conode.Crypto.Ed25519;
using Conode.Protobuf;
using Conode.Silo.Gateway;
using Conode.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Conode.Silo.Tests.Gateway;

/// <summary>A real node host (Kestrel + Orleans + SQLite store) on loopback with one test service.</summary>
public sealed class GatewayHostFixture : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "conode-gw-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public int Port { get; private set; }

    public int PeerPort { get; private set; }

    public NodeIdentity Identity { get; private set; } = null!;

    /// <summary>Where <c>/metrics</c> and <c>/health</c> are served.</summary>
    public int MetricsPort { get; private set; }

    public string DatabasePath { get; private set; } = "";

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var options = LoopbackNode.Options(_dataDir, "gateway test");
        MetricsPort = LoopbackNode.FreePort();
        options = options with { MetricsEndpoint = new IPEndPoint(IPAddress.Loopback, MetricsPort) };
        Port = options.WebSocketPort;
        PeerPort = options.PeerPort;
        Identity = options.Identity;
        DatabasePath = options.DatabasePath;
        _app = ConodeHost.Build(options, services =>
        {
            services.AddSingleton<IClientService, EchoService>();
            services.AddSingleton<IClientService, DoublerService>();
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Directory.Delete(_dataDir, recursive: true);
    }

    /// <summary>A typed service: requests go through the dedis codec like every real service's.</summary>
    private sealed class DoublerService : ClientService
    {
        public DoublerService()
            : base("Doubler") =>
            Handle<DoubleRequest, DoubleReply>((request, _) =>
                Task.FromResult(new DoubleReply { Value = request.Negate ? -2 * request.Value : 2 * request.Value }));
    }

    /// <summary>Replies with the request reversed; fails on purpose for "fail" and empty payloads.</summary>
    private sealed class EchoService : IClientService
    {
        public string Name => "Echo";

        public IReadOnlyCollection<string> Methods { get; } = ["Say"];

        public Task<byte[]> HandleAsync(string method, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
        {
            if (request.Length == 0)
            {
                throw ClientRequestException.Decoding("empty payload");
            }
            if (request.Span.SequenceEqual("fail"u8))
            {
                throw ClientRequestException.Processing("asked to fail");
            }
            if (request.Span.SequenceEqual("crash"u8))
            {
                throw new InvalidOperationException("a bug in a service");
            }
            var reply = request.ToArray();
            Array.Reverse(reply);
            return Task.FromResult(reply);
        }
    }
}

[DedisMessage("test.DoubleRequest")]
public sealed class DoubleRequest
{
    [ProtoField(1)] public long Value { get; set; }

    [ProtoField(2)] public bool Negate { get; set; }
}

[DedisMessage("test.DoubleReply")]
public sealed class DoubleReply
{
    [ProtoField(1)] public long Value { get; set; }
}

public sealed class WebSocketGatewayTests(GatewayHostFixture node) : IClassFixture<GatewayHostFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Ok_path_answers_plain_http()
    {
        using var http = new HttpClient();
        var body = await http.GetStringAsync($"http://127.0.0.1:{node.Port}/ok");
        Assert.Equal("ok\n", body);
    }

    [Fact]
    public async Task Plain_http_on_a_service_path_is_a_bad_request()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync($"http://127.0.0.1:{node.Port}/Echo/Say");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Request_and_reply_keep_the_opcode_and_the_connection()
    {
        using var socket = await ConnectAsync("/Echo/Say");
        Assert.Equal("cba", Encoding.ASCII.GetString(await RoundTripAsync(socket, "abc"u8.ToArray(), WebSocketMessageType.Binary, WebSocketMessageType.Binary)));
        Assert.Equal("zyx", Encoding.ASCII.GetString(await RoundTripAsync(socket, "xyz"u8.ToArray(), WebSocketMessageType.Text, WebSocketMessageType.Text)));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
    }

    [Theory]
    [InlineData("/Nope/Request")]
    [InlineData("/")]
    [InlineData("/Echo/Say/extra")]
    public async Task Unknown_service_is_closed_with_4001(string path)
    {
        using var socket = await ConnectAsync(path);
        var (status, reason) = await ReadCloseAsync(socket);
        Assert.Equal(4001, (int)status);
        Assert.Equal("This service doesn't exist", reason);
    }

    [Fact]
    public async Task Unknown_method_is_closed_with_1002_after_the_first_message()
    {
        using var socket = await ConnectAsync("/Echo/Shout");
        await socket.SendAsync("x"u8.ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
        var (status, reason) = await ReadCloseAsync(socket);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, status);
        Assert.Equal("unexpected error: The requested message hasn't been registered: Shout", reason);
    }

    [Theory]
    [InlineData("", "unexpected error: decoding: empty payload")]
    [InlineData("fail", "unexpected error: processing error: asked to fail")]
    [InlineData("crash", "unexpected error: processing error: internal error")]
    public async Task Service_errors_close_with_go_reasons(string payload, string expectedReason)
    {
        using var socket = await ConnectAsync("/Echo/Say");
        await socket.SendAsync(Encoding.ASCII.GetBytes(payload), WebSocketMessageType.Binary, true, CancellationToken.None);
        var (status, reason) = await ReadCloseAsync(socket);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, status);
        Assert.Equal(expectedReason, reason);
    }

    [Fact]
    public async Task Typed_requests_are_decoded_and_replies_encoded_with_the_dedis_codec()
    {
        using var socket = await ConnectAsync("/Doubler/DoubleRequest");
        var reply = await RoundTripAsync(socket, DedisProtobuf.Encode(new DoubleRequest { Value = 21, Negate = true }),
            WebSocketMessageType.Binary, WebSocketMessageType.Binary);
        Assert.Equal(-42, DedisProtobuf.Decode<DoubleReply>(reply).Value);
    }

    [Theory]
    [InlineData(new byte[] { 0x0a, 0x01, 0x05 })] // field 1 (an int) sent as bytes
    [InlineData(new byte[] { 0x08, 0x02, 0x10, 0x02 })] // bool field with value 2
    [InlineData(new byte[] { 0x08 })] // tag without its value
    public async Task Wrong_type_or_truncated_fields_close_with_a_decoding_error(byte[] payload)
    {
        using var socket = await ConnectAsync("/Doubler/DoubleRequest");
        await socket.SendAsync(payload, WebSocketMessageType.Binary, true, CancellationToken.None);
        var (status, reason) = await ReadCloseAsync(socket);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, status);
        Assert.StartsWith("unexpected error: decoding: ", reason);
    }

    [Fact]
    public async Task Oversize_message_is_refused_and_the_node_keeps_serving()
    {
        using (var socket = await ConnectAsync("/Echo/Say"))
        {
            var chunk = new byte[1024 * 1024];
            for (var i = 0; i < 11; i++)
            {
                await socket.SendAsync(chunk, WebSocketMessageType.Binary, endOfMessage: i == 10, CancellationToken.None);
            }
            var (status, reason) = await ReadCloseAsync(socket);
            Assert.Equal(WebSocketCloseStatus.ProtocolError, status);
            Assert.StartsWith("unexpected error: decoding: message larger than", reason);
        }
        using var next = await ConnectAsync("/Echo/Say");
        Assert.Equal("21", Encoding.ASCII.GetString(await RoundTripAsync(next, "12"u8.ToArray(), WebSocketMessageType.Binary, WebSocketMessageType.Binary)));
    }

    [Fact]
    public async Task Garbage_instead_of_a_websocket_handshake_does_not_disturb_other_clients()
    {
        using (var raw = new TcpClient())
        {
            await raw.ConnectAsync(IPAddress.Loopback, node.Port);
            var stream = raw.GetStream();
            var garbage = new byte[4096];
            new Random(7).NextBytes(garbage);
            await stream.WriteAsync(garbage);
            // Kestrel answers 400 or drops the connection: either way it must end, not hang.
            using var cts = new CancellationTokenSource(Timeout);
            var sink = new byte[1024];
            while (await stream.ReadAsync(sink, cts.Token) > 0)
            {
            }
        }
        using var socket = await ConnectAsync("/Echo/Say");
        Assert.Equal("ba", Encoding.ASCII.GetString(await RoundTripAsync(socket, "ab"u8.ToArray(), WebSocketMessageType.Binary, WebSocketMessageType.Binary)));
    }

    [Fact]
    public void Close_reasons_are_cut_to_123_utf8_bytes_without_splitting_characters()
    {
        var reason = "unexpected error: " + new string('é', 100);
        var cut = WebSocketGateway.TruncateUtf8(reason, 123);
        Assert.True(Encoding.UTF8.GetByteCount(cut) <= 123);
        Assert.StartsWith(cut, reason);
        Assert.Equal(cut, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(cut)));
    }

    private async Task<ClientWebSocket> ConnectAsync(string path)
    {
        var socket = new ClientWebSocket();
        using var cts = new CancellationTokenSource(Timeout);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{node.Port}{path}"), cts.Token);
        return socket;
    }

    private static async Task<byte[]> RoundTripAsync(ClientWebSocket socket, byte[] payload, WebSocketMessageType sent,
        WebSocketMessageType expectedKind)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await socket.SendAsync(payload, sent, true, cts.Token);
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, cts.Token);
        Assert.Equal(expectedKind, result.MessageType);
        Assert.True(result.EndOfMessage);
        return buffer[..result.Count];
    }

    private static async Task<(WebSocketCloseStatus Status, string Reason)> ReadCloseAsync(ClientWebSocket socket)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var buffer = new byte[1024];
        var result = await socket.ReceiveAsync(buffer, cts.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        return (result.CloseStatus!.Value, result.CloseStatusDescription ?? "");
    }
}

public sealed class StatusServiceTests(GatewayHostFixture node) : IClassFixture<GatewayHostFixture>
{
    [Fact]
    public async Task Status_request_reports_go_sections_and_the_node_identity()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{node.Port}/Status/Request"), CancellationToken.None);
        await socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Binary, true, CancellationToken.None);
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.True(result.EndOfMessage);

        var reply = Conode.Protobuf.DedisProtobuf.Decode<Conode.Services.Status.StatusResponse>(buffer.AsSpan(0, result.Count));
        Assert.Equal(["Conode", "Db", "Generic", "Skipblock"], reply.Status.Keys.Order(StringComparer.Ordinal));
        var generic = reply.Status["Generic"].Field;
        Assert.Equal("Doubler,Echo,Skipchain,Status", generic["Available_Services"]);
        Assert.Equal("0", reply.Status["Skipblock"].Field["Blocks"]);
        Assert.Equal("tls", generic["ConnType"]);
        Assert.Equal("127.0.0.1", generic["Host"]);
        Assert.Equal(node.PeerPort.ToString(), generic["Port"]);
        Assert.Equal("gateway test", generic["Description"]);
        Assert.Matches(@"^(\d+h)?(\d+m)?[\d.]+(ns|µs|ms|s)$", generic["Uptime"]);
        Assert.StartsWith("linux/", generic["System"]);
        // The thread count, as in Process.Threads (a running silo has well over one thread).
        using (var process = System.Diagnostics.Process.GetCurrentProcess())
        {
            var threads = int.Parse(generic["GoRoutines"]);
            Assert.InRange(threads, 2, process.Threads.Count + 50);
        }
        Assert.Equal("1", generic["Connections"]);
        Assert.Equal("true", reply.Status["Db"].Field["Open"]);
        Assert.StartsWith("v", reply.Status["Conode"].Field["version"]);
        Assert.Equal(node.Identity.ServerIdentity.Id, reply.ServerIdentity!.Id);
        Assert.Equal(node.Identity.Key.Public, reply.ServerIdentity.Public);
    }
}
