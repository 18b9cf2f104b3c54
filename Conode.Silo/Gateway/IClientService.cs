namespace Conode.Silo.Gateway;

/// <summary>
/// A service reachable from clients at <c>/&lt;Name&gt;/&lt;Method&gt;</c> on the WebSocket port. A request is one
/// WebSocket message holding the protobuf encoding of the request struct (no type ID); the reply likewise.
/// </summary>
public interface IClientService
{
    /// <summary>The service name as Go registers it (e.g. <c>Status</c>, <c>Skipchain</c>).</summary>
    string Name { get; }

    /// <summary>Method names = Go request struct names (e.g. <c>Request</c>, <c>StoreSkipBlock</c>).</summary>
    IReadOnlyCollection<string> Methods { get; }

    /// <summary>Answers one request. Throws <see cref="ClientRequestException"/> for errors the client must see.</summary>
    Task<byte[]> HandleAsync(string method, ReadOnlyMemory<byte> request, CancellationToken cancellationToken);
}

/// <summary>Why a client request failed; selects the text Go puts after <c>unexpected error: </c>.</summary>
public enum ClientErrorKind
{
    /// <summary>The payload is not a valid encoding of the request (Go: <c>decoding: …</c>).</summary>
    Decoding,

    /// <summary>The service refused or failed the request (Go: <c>processing error: …</c>).</summary>
    Processing,
}

/// <summary>An error reported to the client in the WebSocket close frame, as a Go conode does.</summary>
public sealed class ClientRequestException(ClientErrorKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ClientErrorKind Kind { get; } = kind;

    public static ClientRequestException Decoding(string detail, Exception? inner = null) => new(ClientErrorKind.Decoding, detail, inner);

    public static ClientRequestException Processing(string detail, Exception? inner = null) => new(ClientErrorKind.Processing, detail, inner);
}
