using Conode.Network;

namespace Conode.Silo.Peers;

/// <summary>
/// Receives the messages peers send (onet's message processors, §3.2). Called on the receiving connection's
/// thread, one message at a time per connection, so a slow handler slows only that peer down.
/// </summary>
public interface IPeerMessageHandler
{
    /// <param name="from">The sender as its connection knows it (the identity dialled or the one it presented).</param>
    /// <param name="typeId">The frame's message type ID.</param>
    /// <param name="message">The decoded message, an instance of the class registered for <paramref name="typeId"/>.</param>
    ValueTask OnMessageAsync(ServerIdentity from, Uuid typeId, object message);
}
