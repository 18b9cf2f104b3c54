using Conode.Network;

namespace Conode.Silo.Overlay;

/// <summary>
/// A service's processor for messages peers send outside any protocol (onet's <c>RegisterProcessor</c>,
/// onet-wire.md §5.6), e.g. Skipchain's ForwardSignature. Implementations hand the message to the service's grain.
/// </summary>
public interface IServiceMessageHandler
{
    /// <summary>The message classes this handler takes; each type may have one handler only.</summary>
    IReadOnlyCollection<Type> MessageTypes { get; }

    Task HandleAsync(ServerIdentity from, object message);
}
