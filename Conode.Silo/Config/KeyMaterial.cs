namespace Conode.Silo.Config;

/// <summary>A freshly generated key pair, already in the hex form written to the TOML files.</summary>
public sealed record KeyPairHex(string Suite, string PublicHex, string PrivateHex);

/// <summary>
/// Source of new keys for <c>setup</c>. The real implementation (kyber Ed25519 / bn256) is wired at start-up;
/// tests use a deterministic one.
/// </summary>
public interface INodeKeyGenerator
{
    /// <summary>The conode identity: suite <c>Ed25519</c>, 32-byte point, 32-byte little-endian scalar.</summary>
    KeyPairHex NewIdentityKey();

    /// <summary>The key of a service registered with a suite: <c>bn256.adapter</c> for Skipchain and ByzCoin.</summary>
    KeyPairHex NewServiceKey(string serviceName);
}

/// <summary>Suite names and key sizes as they appear in conode TOML files (cothority-services.md §1.1).</summary>
public static class ConodeSuites
{
    public const string Ed25519 = "Ed25519";
    public const string Bn256Adapter = "bn256.adapter";

    /// <summary>
    /// Services that carry their own key pair, in Go's registration order (which is the order setup generates
    /// them). ByzCoin is kept even though this conode does not run it, so the file also works for a Go conode.
    /// </summary>
    public static IReadOnlyList<string> ServicesWithKeys { get; } = ["Skipchain", "ByzCoin"];

    /// <summary>The service whose key every roster member must have.</summary>
    public const string RequiredService = "Skipchain";

    /// <summary>Hex lengths of public and private keys for a suite; false for suites conode files never use.</summary>
    public static bool TryGetHexLengths(string suite, out int publicHex, out int privateHex, out string pointName)
    {
        // kyber finds suites case-insensitively.
        if (string.Equals(suite, Ed25519, StringComparison.OrdinalIgnoreCase))
        {
            (publicHex, privateHex, pointName) = (64, 64, "Ed25519 point");
            return true;
        }
        if (string.Equals(suite, Bn256Adapter, StringComparison.OrdinalIgnoreCase))
        {
            (publicHex, privateHex, pointName) = (256, 64, "bn256 G2 point");
            return true;
        }
        (publicHex, privateHex, pointName) = (0, 0, "");
        return false;
    }
}
