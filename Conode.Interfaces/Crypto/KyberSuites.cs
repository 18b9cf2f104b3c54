using Conode.Crypto.Bn256;
using Conode.Crypto.Ed25519;
using Conode.Protobuf;

namespace Conode.Crypto;

/// <summary>
/// The kyber types an onet process knows by tag (onet registers the same generators), and the suite
/// names that appear in configuration files (kyber-crypto.md §C.1).
/// </summary>
public static class KyberSuites
{
    /// <summary>Suite of the conode's identity key.</summary>
    public const string Ed25519 = "Ed25519";

    /// <summary>Suite of service keys (Skipchain, ByzCoin): G2 points, scalars mod the bn256 order.</summary>
    public const string Bn256Adapter = "bn256.adapter";

    /// <summary>Registers every tagged type, and Ed25519 as the default for untagged points (onet's server suite).</summary>
    public static void RegisterDefaults(KyberTypeRegistry registry)
    {
        registry.Register("ed.point", data => Ed25519Point.Unmarshal(data));
        registry.Register("ed.scala", data => Ed25519Scalar.Unmarshal(data));
        registry.Register("bn256.g1", data => G1Point.Unmarshal(data));
        registry.Register("bn256.g2", data => G2Point.Unmarshal(data));
        registry.Register("bn256.gt", data => GtElement.Unmarshal(data));
        registry.Register("mod.int ", data => Scalar.Unmarshal(data));
        registry.RegisterConstructor(typeof(IKyberMarshaler), data => Ed25519Point.Unmarshal(data));
    }
}
