using Conode.Crypto.Bn256;
using Conode.Crypto.Ed25519;

namespace Conode.Network;

/// <summary>
/// The node a grain runs on: its public identity and its private keys. The silo registers its node identity as
/// this, so that grains (which cannot see the silo's configuration) can sign as the node or as one of its services.
/// </summary>
public interface ILocalNode
{
    /// <summary>The public identity the node presents to peers; treat as read-only.</summary>
    ServerIdentity ServerIdentity { get; }

    /// <summary>The node's Ed25519 key pair (private.toml <c>Private</c>/<c>Public</c>).</summary>
    Ed25519KeyPair Key { get; }

    /// <summary>Service name → the service's bn256 key pair (private.toml <c>[Services.&lt;name&gt;]</c>).</summary>
    IReadOnlyDictionary<string, Bn256KeyPair> ServiceKeys { get; }
}
