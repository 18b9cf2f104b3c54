using Conode.Overlay;

namespace Conode.Messaging;

/// <summary>
/// One node's part in one run of a <c>messaging.Propagate</c> protocol (cothority-services.md §6.9.4): the root hands a
/// payload to every node of a star; each node runs the handler its service registered for the protocol name and
/// acknowledges.
/// </summary>
public interface IPropagateGrain : IProtocolInstanceGrain
{
    /// <summary>
    /// Runs the handler on this node, sends <paramref name="payload"/> (network.Marshal of the service message) to every
    /// child and returns how many nodes have it, this one included, once all reachable children answered or
    /// <paramref name="timeout"/> passed.
    /// </summary>
    Task<int> RunAsRoot(TokenValue root, byte[] payload, TimeSpan timeout);
}
