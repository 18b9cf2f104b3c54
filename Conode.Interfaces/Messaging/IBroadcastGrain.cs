using Conode.Network;
using Conode.Overlay;

namespace Conode.Messaging;

/// <summary>
/// The <c>Broadcast</c> protocol (cothority-services.md §5.3): every node of a tree contacts every other one;
/// Status.CheckConnectivity runs it to prove that all nodes reach each other.
/// </summary>
public interface IBroadcastGrain : IProtocolInstanceGrain
{
    /// <summary>
    /// Runs the protocol as the root whose token is <paramref name="root"/> (the tree must be in its
    /// <see cref="ITreeGrain"/>); true when every node reported back within <paramref name="timeout"/>.
    /// </summary>
    Task<bool> RunAsRoot(TokenValue root, TimeSpan timeout);
}
