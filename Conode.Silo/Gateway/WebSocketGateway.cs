using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Conode.Services.Status;
using Conode.Sessions;
using Conode.Silo.Hosting;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Gateway;

/// <summary>
/// The client side of a conode (onet-wire.md §6): <c>GET /ok</c>, and WebSocket requests on
/// <c>/&lt;Service&gt;/&lt;Method&gt;</c> answered by the registered <see cref="IClientService"/>s, with Go's
/// close codes for every failure. Nothing a client sends can take the node down: each connection
/// fails on its own.
/// </summary>
public sealed class WebSocketGateway
{
    /// <summary>Close code Go sends on a path whose service does not exist.</summary>
    public const WebSocketCloseStatus UnknownServiceStatus = (WebSocketCloseStatus)4001;

    public const string UnknownServiceReason = "This service doesn't exist";

    /// <summary>A close frame's reason must fit 123 bytes (125 minus the status code).</summary>
    private const int MaxCloseReasonBytes = 123;

    private readonly IReadOnlyDictionary<string, IClientService> _services;
    private readonly ClientPortOptions _options;
    private readonly INodeStatusGrain _statusGrain;
    private readonly IGrainFactory _grains;
    private readonly ILogger<WebSocketGateway> _logger;
    private readonly ClientPortMetrics _metrics;

    public WebSocketGateway(IEnumerable<IClientService> services, ClientPortOptions options, IGrainFactory grains,
        NodeOptions node, ClientPortMetrics metrics, ILogger<WebSocketGateway> logger)
    {
        _metrics = metrics;
        _services = services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _options = options;
        _statusGrain = grains.GetGrain<INodeStatusGrain>(node.NodeKey);
        _grains = grains;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path == "/ok")
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("ok\n", context.RequestAborted);
            return;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(
                "This is a conode's client port: send WebSocket requests to /<Service>/<Method>, or GET /ok.\n",
                context.RequestAborted);
            return;
        }

        var (serviceName, method) = SplitPath(path);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        _metrics.ConnectionOpened();
        try
        {
            if (serviceName is null || !_services.TryGetValue(serviceName, out var service))
            {
                _logger.LogDebug("Client {Remote} asked for unknown service path {Path}", context.Connection.RemoteIpAddress, path);
                _metrics.UnknownServiceRequested();
                await CloseAsync(socket, UnknownServiceStatus, UnknownServiceReason, context.RequestAborted);
                return;
            }
            var sessionId = Guid.NewGuid();
            var session = _grains.GetGrain<IClientSessionGrain>(sessionId);
            await session.Open(new ClientSessionStart(context.Connection.RemoteIpAddress?.ToString() ?? "", path,
                _options.SessionLimits));
            _metrics.SessionOpened(sessionId, session);
            try
            {
                await ServeAsync(socket, session, service, method ?? "", path, context);
            }
            finally
            {
                _metrics.SessionClosed(sessionId);
                session.Close().Ignore();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away mid-conversation; nothing to answer.
            _logger.LogDebug("Client connection on {Path} ended: {Reason}", path, e.Message);
        }
        finally
        {
            _metrics.ConnectionClosed();
        }
    }

    private async Task ServeAsync(WebSocket socket, IClientSessionGrain session, IClientService service, string method,
        string path, HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        var methodLabel = service.Methods.Contains(method) ? method : ClientPortMetrics.UnknownLabel;
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            idle.CancelAfter(_options.IdleTimeout);
            var (kind, tooBig) = await ReceiveMessageAsync(socket, buffer, idle.Token);
            if (kind == WebSocketMessageType.Close)
            {
                await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "", context.RequestAborted);
                return;
            }
            var started = Stopwatch.GetTimestamp();
            var refusal = await session.BeginRequest(buffer.WrittenCount);
            var (outcome, reply, error) = refusal is not null
                ? (ClientRequestOutcome.RateLimited, null, "processing error: " + refusal)
                : await AnswerAsync(service, method, buffer.WrittenMemory, tooBig, path, remote, context.RequestAborted);
            session.EndRequest(reply is not null, reply?.Length ?? 0).Ignore();
            // Counted before the client can see the answer, so a scrape that follows it includes it.
            _metrics.RequestCompleted(service.Name, methodLabel, outcome, Stopwatch.GetElapsedTime(started));
            if (reply is null)
            {
                await FailAsync(socket, path, remote, error, context.RequestAborted);
                return;
            }
            _statusGrain.RecordClientRequest(path, succeeded: true).Ignore();
            _logger.LogDebug("Answered {Path} for {Remote} ({In} bytes in, {Out} bytes out)", path, remote,
                buffer.WrittenCount, reply.Length);
            _metrics.Sent(reply.Length);
            await socket.SendAsync(reply, kind, endOfMessage: true, context.RequestAborted);
        }
    }

    /// <summary>The reply to one request, or why there is none: the text Go puts after <c>unexpected error: </c> in
    /// the close frame.</summary>
    private async Task<(ClientRequestOutcome Outcome, byte[]? Reply, string Error)> AnswerAsync(IClientService service,
        string method, ReadOnlyMemory<byte> request, bool tooBig, string path, System.Net.IPAddress? remote,
        CancellationToken cancellationToken)
    {
        if (tooBig)
        {
            return (ClientRequestOutcome.TooLarge, null, $"decoding: message larger than {_options.MaxMessageBytes} bytes");
        }
        if (!service.Methods.Contains(method))
        {
            return (ClientRequestOutcome.UnknownMethod, null, $"The requested message hasn't been registered: {method}");
        }
        try
        {
            return (ClientRequestOutcome.Ok, await service.HandleAsync(method, request, cancellationToken), "");
        }
        catch (ClientRequestException e) when (e.Kind == ClientErrorKind.Decoding)
        {
            return (ClientRequestOutcome.DecodingError, null, "decoding: " + e.Message);
        }
        catch (ClientRequestException e)
        {
            return (ClientRequestOutcome.ProcessingError, null, "processing error: " + e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug of ours must still end as a clean close for this one client, with the cause in the log.
            _logger.LogError(e, "Service {Path} failed on a request from {Remote}", path, remote);
            return (ClientRequestOutcome.InternalError, null, "processing error: internal error");
        }
    }

    /// <summary>Reads one whole message, keeping at most <see cref="ClientPortOptions.MaxMessageBytes"/> of it.</summary>
    private async Task<(WebSocketMessageType Kind, bool TooBig)> ReceiveMessageAsync(
        WebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        var tooBig = false;
        var scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(scratch.AsMemory(), cancellationToken);
                _metrics.Received(result.Count);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (WebSocketMessageType.Close, false);
                }
                if (!tooBig && buffer.WrittenCount + result.Count <= _options.MaxMessageBytes)
                {
                    buffer.Write(scratch.AsSpan(0, result.Count));
                }
                else
                {
                    // Past the limit we stop storing but still know the message ended, so the close is clean.
                    tooBig = true;
                }
                if (result.EndOfMessage)
                {
                    return (result.MessageType, tooBig);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private async Task FailAsync(WebSocket socket, string path, System.Net.IPAddress? remote, string error,
        CancellationToken cancellationToken)
    {
        _logger.LogDebug("Request on {Path} from {Remote} failed: {Error}", path, remote, error);
        _statusGrain.RecordClientRequest(path, succeeded: false).Ignore();
        await CloseAsync(socket, WebSocketCloseStatus.ProtocolError, "unexpected error: " + error, cancellationToken);
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason,
        CancellationToken cancellationToken)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseAsync(status, TruncateUtf8(reason, MaxCloseReasonBytes), cancellationToken);
        }
    }

    /// <summary>Go would drop the connection on a reason longer than a control frame allows; we shorten it instead.</summary>
    internal static string TruncateUtf8(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }
        var length = text.Length;
        while (length > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > maxBytes)
        {
            length--;
        }
        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }
        return text[..length];
    }

    /// <summary>Splits <c>/Service/Method</c>; anything else has no service.</summary>
    internal static (string? Service, string? Method) SplitPath(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 ? (parts[0], parts[1]) : (null, null);
    }
}

/// <summary>Limits of the client port.</summary>
public sealed record ClientPortOptions
{
    /// <summary>Largest request accepted; Go has no limit, we refuse what no service needs (10 MiB, the peer frame cap).</summary>
    public int MaxMessageBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>A connection that sends nothing for this long is closed (Go's write deadline is 5 minutes).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Request-rate limit of each connection (a session grain per connection keeps the count).</summary>
    public ClientSessionLimits SessionLimits { get; init; } = ClientSessionLimits.Default;
}
