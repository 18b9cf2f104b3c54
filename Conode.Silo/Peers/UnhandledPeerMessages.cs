using Conode.Network;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Peers;

/// <summary>The handler until the overlay routes messages: like Go without a processor, log and drop.</summary>
internal sealed class UnhandledPeerMessages(ILogger<UnhandledPeerMessages> logger) : IPeerMessageHandler
{
    public ValueTask OnMessageAsync(ServerIdentity from, Uuid typeId, object message)
    {
        logger.LogDebug("No handler for {Type} ({TypeId}) from {Address}; dropped", message.GetType().Name, typeId, from.Address);
        return ValueTask.CompletedTask;
    }
}
