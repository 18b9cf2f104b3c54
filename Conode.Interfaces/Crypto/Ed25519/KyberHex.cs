namespace Conode.Crypto.Ed25519;

/// <summary>
/// Hex as onet's toml files and kyber's <c>encoding.StringHexTo*</c> read it (kyber-crypto.md C.2): exactly the
/// first 2·size characters are decoded, anything after them is ignored, fewer is an error.
/// </summary>
internal static class KyberHex
{
    public static byte[] DecodePrefix(string hex, int size)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length < 2 * size)
        {
            throw new FormatException($"Expected at least {2 * size} hex characters, got {hex.Length}.");
        }
        return Convert.FromHexString(hex.AsSpan(0, 2 * size));
    }
}
