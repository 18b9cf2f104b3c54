using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Conode.Crypto.Ed25519;

/// <summary>
/// The proof of the conode key that onet puts in its per-connection TLS certificates (kyber-crypto.md A.7,
/// onet-wire.md §3.5.2): a kyber Schnorr signature over <c>peerNonce ‖ DER(CN)</c>, carried in the extension
/// <see cref="ExtensionOid"/>. Only the bytes are built here; certificates and TLS live elsewhere.
/// </summary>
public static class OnetCertificateProof
{
    public const string ExtensionOid = "1.3.6.1.4.1.51281.1.1";

    /// <summary>Subject CommonName onet writes: <c>"Z" + hex(public key)</c>.</summary>
    public static string CommonName(Ed25519Point publicKey) => "Z" + publicKey.ToHex();

    /// <summary>
    /// The key named by a CommonName, as onet's <c>pubFromCN</c> reads it: <c>Z</c> + hex (all of it must be hex;
    /// the point is its first 32 bytes), or the legacy bare hex (first 64 characters).
    /// </summary>
    public static bool TryParseCommonName(string commonName, [NotNullWhen(true)] out Ed25519Point? publicKey)
    {
        publicKey = null;
        if (string.IsNullOrEmpty(commonName))
        {
            return false;
        }
        var hex = commonName[0] == 'Z' ? commonName.AsSpan(1) : commonName.AsSpan(0, Math.Min(commonName.Length, 2 * Ed25519Point.Size));
        if (hex.Length % 2 != 0 || hex.Length < 2 * Ed25519Point.Size)
        {
            return false;
        }
        var bytes = new byte[hex.Length / 2];
        return Convert.FromHexString(hex, bytes, out _, out _) == System.Buffers.OperationStatus.Done
            && Ed25519Point.TryUnmarshal(bytes.AsSpan(0, Ed25519Point.Size), out publicKey);
    }

    /// <summary><c>nonce ‖ asn1.Marshal(commonName)</c> as Go builds it (PrintableString when Go allows it, else UTF8String).</summary>
    public static byte[] SignedMessage(ReadOnlySpan<byte> nonce, string commonName)
    {
        var printable = commonName.All(IsPrintable);
        var content = printable ? Encoding.ASCII.GetBytes(commonName) : Encoding.UTF8.GetBytes(commonName);
        var message = new List<byte>(nonce.Length + content.Length + 6);
        message.AddRange(nonce);
        message.Add(printable ? (byte)0x13 : (byte)0x0c);
        AppendDerLength(message, content.Length);
        message.AddRange(content);
        return [.. message];
    }

    /// <summary>The extension value: Schnorr signature by the conode key over the peer's nonce and our CN.</summary>
    public static byte[] Sign(Ed25519KeyPair keyPair, ReadOnlySpan<byte> peerNonce) =>
        Schnorr.Sign(keyPair, SignedMessage(peerNonce, CommonName(keyPair.Public)));

    /// <summary>Checks a peer's extension value against the nonce we sent and the CN of its certificate.</summary>
    public static bool Verify(string commonName, ReadOnlySpan<byte> ourNonce, ReadOnlySpan<byte> signature) =>
        TryParseCommonName(commonName, out var publicKey)
        && Schnorr.Verify(publicKey, SignedMessage(ourNonce, commonName), signature);

    // Go encoding/asn1 isPrintable without '*' and '&' (the form asn1.Marshal uses for a plain string).
    private static bool IsPrintable(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or >= '\'' and <= ')' or >= '+' and <= '/' or ' ' or ':' or '=' or '?';

    private static void AppendDerLength(List<byte> output, int length)
    {
        if (length < 0x80)
        {
            output.Add((byte)length);
            return;
        }
        var bytes = new List<byte>();
        for (var rest = length; rest > 0; rest >>= 8)
        {
            bytes.Insert(0, (byte)rest);
        }
        output.Add((byte)(0x80 | bytes.Count));
        output.AddRange(bytes);
    }
}
