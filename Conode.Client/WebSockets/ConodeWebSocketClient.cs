using System.Buffers;
using System.Net.WebSockets;

namespace Conode.Client.WebSockets;

/// <summary>Limits of one client request; the defaults are the Go client's.</summary>
public sealed record ConodeClientOptions
{
    /// <summary>Time to open the WebSocket (Go: 5 s handshake).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time to wait for the reply (Go: 60 s read deadline).</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest reply accepted; a long chain update can be big, but not unbounded.</summary>
    public int MaxReplyBytes { get; init; } = 64 * 1024 * 1024;
}

/// <summary>A request a conode refused or could not answer, with the close frame it sent if any.</summary>
public sealed class ConodeClientException(string message, WebSocketCloseStatus? closeStatus = null,
    string? closeReason = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Close code of the conode (4001 unknown service, 1002 request error), when it sent one.</summary>
    public WebSocketCloseStatus? CloseStatus { get; } = closeStatus;

    /// <summary>The conode's reason text, e.g. <c>unexpected error: processing error: …</c>.</summary>
    public string? CloseReason { get; } = closeReason;
}

/// <summary>
/// Sends one protobuf request to <c>ws(s)://…/&lt;Service&gt;/&lt;Method&gt;</c> and returns the reply bytes,
/// one connection per request as the Go client does. Works with Go conodes and ours alike.
/// </summary>
public sealed class ConodeWebSocketClient(ConodeClientOptions? options = null)
{
    private readonly ConodeClientOptions _options = options ?? new ConodeClientOptions();

    public async Task<byte[]> RequestAsync(Uri endpoint, ReadOnlyMemory<byte> request, CancellationToken cancellationToken = default)
    {
        using var socket = new ClientWebSocket();
        socket.Options.DangerousDeflateOptions = null;
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connect.CancelAfter(_options.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(endpoint, connect.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new ConodeClientException($"{endpoint}: cannot connect: {Describe(e)}", inner: e);
            }
        }

        using var reply = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reply.CancelAfter(_options.ReplyTimeout);
        try
        {
            await socket.SendAsync(request, WebSocketMessageType.Binary, endOfMessage: true, reply.Token);
            var answer = await ReceiveAsync(socket, endpoint, reply.Token);
            await CloseQuietlyAsync(socket);
            return answer;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConodeClientException($"{endpoint}: no reply within {_options.ReplyTimeout.TotalSeconds:0.#} s", inner: e);
        }
        catch (WebSocketException e)
        {
            throw new ConodeClientException($"{endpoint}: connection lost: {e.Message}", inner: e);
        }
    }

    private async Task<byte[]> ReceiveAsync(ClientWebSocket socket, Uri endpoint, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                var reason = socket.CloseStatusDescription ?? "";
                throw new ConodeClientException(
                    $"{endpoint}: conode closed the connection ({(int?)socket.CloseStatus}): {reason}",
                    socket.CloseStatus, reason);
            }
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > _options.MaxReplyBytes)
            {
                throw new ConodeClientException($"{endpoint}: reply larger than {_options.MaxReplyBytes} bytes");
            }
            if (result.EndOfMessage)
            {
                return buffer.WrittenSpan.ToArray();
            }
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            using var close = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", close.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The reply is in hand; how the socket ends no longer matters.
        }
    }

    private static string Describe(Exception e) => e switch
    {
        OperationCanceledException => "timed out",
        _ when e.InnerException is not null => e.InnerException.Message,
        _ => e.Message,
    };
}
