namespace Conode.Network;

/// <summary>
/// The conode-to-conode network as grains see it: grains never open sockets, the silo implements this
/// (onet's <c>SendRaw</c>). Any silo of a node can send; a message to the node itself is delivered locally.
/// </summary>
public interface IPeerMessenger
{
    /// <summary>Sends <c>network.Marshal(message)</c> to <paramref name="to"/>, dialling if needed.</summary>
    /// <exception cref="IOException">The peer cannot be reached.</exception>
    Task SendAsync(ServerIdentity to, object message, CancellationToken cancellationToken = default);
}
