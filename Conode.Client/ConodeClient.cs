using Conode.Client.WebSockets;
using Conode.Network;
using Conode.Protobuf;

namespace Conode.Client;

/// <summary>
/// Typed requests to any conode (Go or ours): encodes the request with the dedis codec, sends it to
/// <c>/&lt;Service&gt;/&lt;Method&gt;</c> and decodes the reply. Service-specific calls are extension methods
/// (e.g. <see cref="StatusClient.GetStatusAsync"/>).
/// </summary>
public sealed class ConodeClient(ConodeClientOptions? options = null)
{
    private readonly ConodeWebSocketClient _transport = new(options);

    public async Task<TReply> RequestAsync<TRequest, TReply>(ConodeEndpoint node, string service, TRequest request,
        CancellationToken cancellationToken = default)
        where TRequest : class
        where TReply : class
    {
        var uri = node.ServiceUri(service, ServicePath.MethodOf(typeof(TRequest)));
        var reply = await _transport.RequestAsync(uri, DedisProtobuf.Encode(request), cancellationToken);
        try
        {
            return DedisProtobuf.Decode<TReply>(reply);
        }
        catch (ProtobufException e)
        {
            throw new ConodeClientException($"{uri}: the reply is not a valid {typeof(TReply).Name}: {e.Message}", inner: e);
        }
    }
}
