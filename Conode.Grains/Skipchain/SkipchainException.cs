using Conode.Network;

namespace Conode.Grains.Skipchain;

/// <summary>Roster questions the Skipchain code asks about the node it runs on.</summary>
public static class LocalNodeRosters
{
    /// <summary>Go's <c>roster.Search(ServerIdentity().ID)</c>: this node's index in <paramref name="roster"/>, or −1.</summary>
    public static int IndexIn(this ILocalNode node, Roster? roster) => roster?.IndexOf(node.ServerIdentity.Id) ?? -1;
}

/// <summary>A Skipchain operation failed; the message is Go's text where a client may see it.</summary>
public sealed class SkipchainException(string message, Exception? inner = null) : Exception(message, inner);
