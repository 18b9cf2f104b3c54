using Conode.Crypto.Bn256;
using Conode.Crypto.Ed25519;

namespace Conode.Silo.Config;

/// <summary>New keys for <c>setup</c>: a raw Ed25519 scalar for the identity, bn256 pairs for services.</summary>
public sealed class KyberKeyGenerator : INodeKeyGenerator
{
    public KeyPairHex NewIdentityKey()
    {
        var pair = Ed25519KeyPair.Generate();
        return new KeyPairHex(ConodeSuites.Ed25519, pair.Public.ToHex(), pair.Private.ToHex());
    }

    public KeyPairHex NewServiceKey(string serviceName)
    {
        var pair = Bn256KeyPair.Generate();
        return new KeyPairHex(ConodeSuites.Bn256Adapter, pair.PublicHex, pair.PrivateHex);
    }
}
