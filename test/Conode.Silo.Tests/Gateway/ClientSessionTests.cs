using System.Net.WebSockets;
using Conode.Silo.Gateway;
using Conode.Silo.Hosting;
using Conode.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Conode.Silo.Tests.Gateway;

/// <summary>Each client connection is a session grain with its own request-rate limit.</summary>
public sealed class ClientSessionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_connection_over_its_request_limit_is_closed_and_others_keep_being_served()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "conode-session-" + Guid.NewGuid().ToString("N"));
        var options = LoopbackNode.Options(dataDir, "session test");
        // Three requests per connection, then (practically) none: the bucket refills once every 100 s.
        var limits = new ClientSessionLimits(RequestsPerSecond: 0.01, Burst: 3);
        var app = ConodeHost.Build(options, services => services.AddSingleton(new ClientPortOptions { SessionLimits = limits }));
        await app.StartAsync();
        try
        {
            using var busy = await ConnectAsync(options.WebSocketPort);
            for (var i = 0; i < 3; i++)
            {
                Assert.True((await StatusRoundTripAsync(busy)).Count > 0);
            }
            await busy.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Binary, true, CancellationToken.None);
            using var cts = new CancellationTokenSource(Patience);
            var result = await busy.ReceiveAsync(new byte[1024], cts.Token);
            Assert.Equal(WebSocketMessageType.Close, result.MessageType);
            Assert.Equal(WebSocketCloseStatus.ProtocolError, result.CloseStatus);
            Assert.Equal("unexpected error: processing error: too many requests on this connection (limit 0.01 per second, bursts of 3)",
                result.CloseStatusDescription);

            using var other = await ConnectAsync(options.WebSocketPort);
            Assert.True((await StatusRoundTripAsync(other)).Count > 0);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<ClientWebSocket> ConnectAsync(int port)
    {
        var socket = new ClientWebSocket();
        using var cts = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/Status/Request"), cts.Token);
        return socket;
    }

    /// <summary>A Status request (zero bytes) and its reply.</summary>
    private static async Task<ArraySegment<byte>> StatusRoundTripAsync(ClientWebSocket socket)
    {
        using var cts = new CancellationTokenSource(Patience);
        await socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Binary, true, cts.Token);
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, cts.Token);
        Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
        return new ArraySegment<byte>(buffer, 0, result.Count);
    }
}
