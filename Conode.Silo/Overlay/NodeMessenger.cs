using Conode.Network;
using Conode.Silo.Hosting;
using Conode.Silo.Peers;

namespace Conode.Silo.Overlay;

/// <summary>
/// The <see cref="IPeerMessenger"/> grains use: messages to other nodes go through the peer network; a
/// message to this node itself (a protocol tree contains its root) is handed to the overlay directly.
/// </summary>
public sealed class NodeMessenger(PeerNetwork network, OverlayRouter overlay, NodeIdentity self) : IPeerMessenger
{
    public Task SendAsync(ServerIdentity to, object message, CancellationToken cancellationToken = default)
    {
        if (to.Id == self.ServerIdentity.Id)
        {
            // Asynchronous like a real send, so a grain sending to itself never waits on its own turn.
            _ = Task.Run(() => overlay.OnMessageAsync(self.ServerIdentity, MessageTypeId.Of(message.GetType()), message).AsTask(),
                CancellationToken.None);
            return Task.CompletedTask;
        }
        return network.SendAsync(to, message, cancellationToken);
    }
}
