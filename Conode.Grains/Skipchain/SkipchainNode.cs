using Conode.Crypto.Ed25519;
using Conode.Network;

namespace Conode.Grains.Skipchain;

/// <summary>
/// Who this node is, for the Skipchain code: its public identity (roster checks, protocol roots) and its Ed25519 key
/// (it signs roster acceptances). Registered by the silo from the node's configuration.
/// </summary>
public sealed record SkipchainNode(ServerIdentity ServerIdentity, Ed25519KeyPair Key)
{
    /// <summary>Go's <c>roster.Search(ServerIdentity().ID)</c>: this node's index in <paramref name="roster"/>, or −1.</summary>
    public int IndexIn(Roster? roster) => roster?.IndexOf(ServerIdentity.Id) ?? -1;

    /// <summary>The key of this node's <see cref="Services.Skipchain.ISkipchainNodeGrain"/>.</summary>
    public string GrainKey => ServerIdentity.Id.ToString();
}

/// <summary>A Skipchain operation failed; the message is Go's text where a client may see it.</summary>
public sealed class SkipchainException(string message, Exception? inner = null) : Exception(message, inner);
