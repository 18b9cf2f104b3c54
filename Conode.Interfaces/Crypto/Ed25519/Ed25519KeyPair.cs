using System.Security.Cryptography;

namespace Conode.Crypto.Ed25519;

/// <summary>
/// A conode's Ed25519 identity key: a raw private scalar a (what private.toml stores, not an RFC 8032 seed)
/// and the public point A = a·B.
/// </summary>
public sealed class Ed25519KeyPair
{
    public Ed25519KeyPair(Ed25519Scalar privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        Private = privateKey;
        Public = Ed25519Point.MultiplyBase(privateKey);
    }

    public Ed25519Scalar Private { get; }

    public Ed25519Point Public { get; }

    /// <summary>A new key pair with a uniformly random private scalar.</summary>
    public static Ed25519KeyPair Generate() => new(Ed25519Scalar.Random());

    /// <summary>Key pair of a toml <c>Private</c> hex string (first 64 characters are used).</summary>
    public static Ed25519KeyPair FromHex(string privateHex) => new(Ed25519Scalar.FromHex(privateHex));

    /// <summary>
    /// Go kyber <c>NewKeyAndSeedWithInput</c>: private = clamp(SHA-512(seed)[0..32)) mod L, the RFC 8032
    /// secret expansion, so <see cref="Public"/> equals the RFC 8032 public key of the seed.
    /// </summary>
    public static Ed25519KeyPair FromSeed(ReadOnlySpan<byte> seed)
    {
        Span<byte> clamped = stackalloc byte[32];
        Span<byte> prefix = stackalloc byte[32];
        ExpandSeed(seed, clamped, prefix);
        var keyPair = new Ed25519KeyPair(Ed25519Scalar.FromBytesModOrder(clamped));
        CryptographicOperations.ZeroMemory(clamped);
        CryptographicOperations.ZeroMemory(prefix);
        return keyPair;
    }

    /// <summary>RFC 8032 §5.1.5 expansion: the clamped (unreduced) scalar bytes and the nonce prefix.</summary>
    internal static void ExpandSeed(ReadOnlySpan<byte> seed, Span<byte> clampedScalar, Span<byte> prefix)
    {
        Span<byte> digest = stackalloc byte[64];
        SHA512.HashData(seed, digest);
        digest[0] &= 0xf8;
        digest[31] &= 0x7f;
        digest[31] |= 0x40;
        digest[..32].CopyTo(clampedScalar);
        digest[32..].CopyTo(prefix);
        CryptographicOperations.ZeroMemory(digest);
    }
}
