using System.Security.Cryptography;

namespace Conode.Crypto.Ed25519;

/// <summary>Outcome of <see cref="Schnorr.Check(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>, in Go's check order.</summary>
public enum SchnorrVerification
{
    Valid,
    WrongSignatureLength,
    RNotDecodable,
    RNotCanonical,
    RSmallOrder,
    SNotCanonical,
    PublicKeyNotDecodable,
    PublicKeyNotCanonical,
    PublicKeySmallOrder,
    EquationFails,
}

/// <summary>
/// kyber <c>sign/schnorr</c> on Ed25519 (kyber-crypto.md A.6): signature = R ‖ LE32(s) with R = k·B for a random
/// k, c = SHA-512(R ‖ A ‖ msg) mod L and s = k + c·a. Verification follows Go kyber v3.0.13, which makes these
/// signatures strict RFC 8032 Ed25519 signatures.
/// </summary>
public static class Schnorr
{
    public const int SignatureSize = 64;

    /// <summary>Signs with a raw private scalar (the public key is recomputed from it, as Go does).</summary>
    public static byte[] Sign(Ed25519Scalar privateKey, ReadOnlySpan<byte> message) =>
        Sign(new Ed25519KeyPair(privateKey), message);

    public static byte[] Sign(Ed25519KeyPair keyPair, ReadOnlySpan<byte> message) =>
        Sign(keyPair, message, Ed25519Scalar.Random());

    /// <summary>Signing with a chosen nonce, for reproducible test vectors only; a reused nonce reveals the key.</summary>
    internal static byte[] Sign(Ed25519KeyPair keyPair, ReadOnlySpan<byte> message, Ed25519Scalar nonce)
    {
        var signature = new byte[SignatureSize];
        Ed25519Point.MultiplyBase(nonce).MarshalBinary().CopyTo(signature, 0);
        var challenge = Challenge(signature.AsSpan(0, 32), keyPair.Public.MarshalBinary(), message);
        (nonce + challenge * keyPair.Private).MarshalBinary().CopyTo(signature, 32);
        return signature;
    }

    public static bool Verify(Ed25519Point publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Check(publicKey, message, signature) == SchnorrVerification.Valid;

    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Check(publicKey, message, signature) == SchnorrVerification.Valid;

    /// <summary>Go <c>schnorr.Verify</c>: the point is re-encoded first, so only its small order can fail it.</summary>
    public static SchnorrVerification Check(Ed25519Point publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return Check(publicKey.MarshalBinary(), message, signature);
    }

    /// <summary>
    /// Go <c>schnorr.VerifyWithChecks</c>: first failing check wins. Never throws on malformed input.
    /// Variable time, which is fine: every input is public.
    /// </summary>
    public static SchnorrVerification Check(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize)
        {
            return SchnorrVerification.WrongSignatureLength;
        }
        var rBytes = signature[..32];
        if (!Ed25519Point.TryUnmarshal(rBytes, out var r))
        {
            return SchnorrVerification.RNotDecodable;
        }
        if (!Ed25519Point.IsCanonicalEncoding(rBytes))
        {
            return SchnorrVerification.RNotCanonical;
        }
        if (r.HasSmallOrder)
        {
            return SchnorrVerification.RSmallOrder;
        }
        if (!Ed25519Scalar.TryFromCanonicalBytes(signature[32..], out var s))
        {
            return SchnorrVerification.SNotCanonical;
        }
        if (!Ed25519Point.TryUnmarshal(publicKey, out var a))
        {
            return SchnorrVerification.PublicKeyNotDecodable;
        }
        if (!Ed25519Point.IsCanonicalEncoding(publicKey))
        {
            return SchnorrVerification.PublicKeyNotCanonical;
        }
        if (a.HasSmallOrder)
        {
            return SchnorrVerification.PublicKeySmallOrder;
        }
        // Both encodings are canonical now, so hashing the input bytes equals Go's hashing of the re-encodings.
        var c = Challenge(rBytes, publicKey, message);
        // s·B == R + c·A  ⇔  c·(−A) + s·B == R
        var sum = ScalarMultiplication.DoubleMultiplyBaseVartime(c.Bytes, a.Value.Negate(), s.Bytes);
        return ProjectivePoint.AreEqual(sum, r.Value.ToProjective())
            ? SchnorrVerification.Valid
            : SchnorrVerification.EquationFails;
    }

    private static Ed25519Scalar Challenge(ReadOnlySpan<byte> r, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message)
    {
        using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        sha512.AppendData(r);
        sha512.AppendData(publicKey);
        sha512.AppendData(message);
        Span<byte> digest = stackalloc byte[64];
        sha512.GetHashAndReset(digest);
        return Ed25519Scalar.FromBytesModOrder(digest);
    }
}
