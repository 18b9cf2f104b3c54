using Conode.Crypto;
using Conode.Crypto.Bn256;
using Conode.Crypto.Ed25519;
using Conode.Network;

namespace Conode.Silo.Hosting;

/// <summary>
/// Who this node is: its Ed25519 key pair, its bn256 service key pairs, and the public
/// <see cref="Network.ServerIdentity"/> built from them that the node presents to peers and clients.
/// </summary>
public sealed class NodeIdentity : ILocalNode
{
    private NodeIdentity(Ed25519KeyPair key, IReadOnlyDictionary<string, Bn256KeyPair> serviceKeys, ServerIdentity identity)
    {
        Key = key;
        ServiceKeys = serviceKeys;
        ServerIdentity = identity;
    }

    public Ed25519KeyPair Key { get; }

    /// <summary>Service name → bn256 key pair (e.g. <c>Skipchain</c>, <c>ByzCoin</c>).</summary>
    public IReadOnlyDictionary<string, Bn256KeyPair> ServiceKeys { get; }

    /// <summary>The public identity; treat as read-only (it is shared by every request).</summary>
    public ServerIdentity ServerIdentity { get; }

    /// <summary>The ServerIdentity ID in string form: the key of the node-wide grains.</summary>
    public string GrainKey => ServerIdentity.Id.ToString();

    public static NodeIdentity Create(Ed25519KeyPair key, string address, string description, string url,
        IEnumerable<KeyValuePair<string, Bn256KeyPair>> serviceKeys)
    {
        // Go orders ServiceIdentities by map iteration (random); we use name order, which is also the
        // order Go writes them to TOML and so the order JS clients compute the RosterID in.
        var services = serviceKeys.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        var identity = ServerIdentity.Create(key.Public, address, description, url);
        identity.ServiceIdentities = services
            .Select(s => new ServiceIdentity { Name = s.Key, Suite = KyberSuites.Bn256Adapter, Public = s.Value.Public })
            .ToList();
        return new NodeIdentity(key, services.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal), identity);
    }
}
