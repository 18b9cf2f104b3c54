using Conode.Network;
using Conode.Protobuf;

namespace Conode.Silo.Gateway;

/// <summary>
/// Base of the client services: each handler is registered under the Go name of its request type
/// (<c>status.Request</c> → method <c>Request</c>), decodes the request with the dedis codec and encodes
/// the reply the same way, so services only deal in typed messages.
/// </summary>
public abstract class ClientService : IClientService
{
    private readonly Dictionary<string, Func<ReadOnlyMemory<byte>, CancellationToken, Task<byte[]>>> _handlers =
        new(StringComparer.Ordinal);

    protected ClientService(string name) => Name = name;

    public string Name { get; }

    public IReadOnlyCollection<string> Methods => _handlers.Keys;

    public Task<byte[]> HandleAsync(string method, ReadOnlyMemory<byte> request, CancellationToken cancellationToken) =>
        _handlers.TryGetValue(method, out var handler)
            ? handler(request, cancellationToken)
            : throw ClientRequestException.Processing("no handler for " + method);

    protected void Handle<TRequest, TReply>(Func<TRequest, CancellationToken, Task<TReply>> handler)
        where TRequest : class
        where TReply : class
    {
        _handlers.Add(ServicePath.MethodOf(typeof(TRequest)), async (bytes, cancellationToken) =>
        {
            TRequest request;
            try
            {
                request = DedisProtobuf.Decode<TRequest>(bytes.Span);
            }
            catch (ProtobufException e)
            {
                throw ClientRequestException.Decoding(e.Message, e);
            }
            var reply = await handler(request, cancellationToken);
            return DedisProtobuf.Encode(reply);
        });
    }
}
