using System.Security.Cryptography;
using Conode.Crypto.Ed25519;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Conode.Tests.Crypto.Ed25519;

/// <summary>Every case of ed25519-schnorr.json; verdicts are compared with go_expected / go_reason.</summary>
public class SchnorrVectorTests
{
    private const string File = "ed25519-schnorr.json";

    public static IEnumerable<object[]> SignWithNonce => Ed25519Vectors.Ids(File, "sign_with_nonce");
    public static IEnumerable<object[]> VerifyCases => Ed25519Vectors.Ids(File, "verify");
    public static IEnumerable<object[]> EddsaRfc8032 => Ed25519Vectors.Ids(File, "eddsa_rfc8032");

    [Theory]
    [MemberData(nameof(SignWithNonce))]
    public void Signing_with_a_given_nonce_reproduces_the_signature(string id)
    {
        var c = Ed25519Vectors.Case(File, "sign_with_nonce", id);
        var keyPair = new Ed25519KeyPair(Ed25519Scalar.Unmarshal(c.Hex("private_le_hex")));
        Assert.Equal(c.Text("public_hex"), keyPair.Public.ToHex());
        var message = c.Hex("message_hex");

        var signature = Schnorr.Sign(keyPair, message, Ed25519Scalar.Unmarshal(c.Hex("nonce_le_hex")));

        Assert.Equal(c.Text("signature_hex"), Convert.ToHexStringLower(signature));
        Assert.Equal(c.Text("R_hex"), Convert.ToHexStringLower(signature[..32]));
        Assert.Equal(c.Text("s_le_hex"), Convert.ToHexStringLower(signature[32..]));
        var challenge = Ed25519Scalar.FromBytesModOrder(SHA512.HashData([.. signature[..32], .. keyPair.Public.MarshalBinary(), .. message]));
        Assert.Equal(c.Text("challenge_le_hex"), challenge.ToHex());
        Assert.True(Schnorr.Verify(keyPair.Public, message, signature));
        Assert.Equal(c.GetProperty("rfc8032_verify").GetBoolean(),
            BcEd25519.Verify(signature, 0, keyPair.Public.MarshalBinary(), 0, message, 0, message.Length));
    }

    [Theory]
    [MemberData(nameof(VerifyCases))]
    public void Verification_gives_Go_verdict_and_reason(string id)
    {
        var c = Ed25519Vectors.Case(File, "verify", id);
        var publicKey = c.Hex("public_hex");
        var message = c.Hex("message_hex");
        var signature = c.Hex("signature_hex");

        var result = Schnorr.Check(publicKey, message, signature);

        Assert.Equal(c.Text("go_reason"), GoReason(result));
        Assert.Equal(c.Text("go_expected") == "accept", Schnorr.Verify(publicKey, message, signature));
        // Go's Verify taking a point re-encodes it first; every key of these cases decodes canonically.
        Assert.Equal(result == SchnorrVerification.Valid, Schnorr.Verify(Ed25519Point.Unmarshal(publicKey), message, signature));
    }

    [Theory]
    [MemberData(nameof(EddsaRfc8032))]
    public void Rfc8032_signatures_verify_and_are_Schnorr_signatures_with_the_RFC_nonce(string id)
    {
        var c = Ed25519Vectors.Case(File, "eddsa_rfc8032", id);
        var seed = c.Hex("seed_hex");
        var message = c.Hex("message_hex");
        var keyPair = Ed25519KeyPair.FromSeed(seed);
        Assert.Equal(c.Text("public_hex"), keyPair.Public.ToHex());

        Assert.Equal(c.Text("go_eddsa_verify_expected") == "accept", Schnorr.Verify(keyPair.Public, message, c.Hex("signature_hex")));

        // RFC 8032 signing is kyber Schnorr with the nonce SHA-512(prefix ‖ message) mod L.
        var clamped = new byte[32];
        var prefix = new byte[32];
        Ed25519KeyPair.ExpandSeed(seed, clamped, prefix);
        var nonce = Ed25519Scalar.FromBytesModOrder(SHA512.HashData([.. prefix, .. message]));
        Assert.Equal(c.Text("signature_hex"), Convert.ToHexStringLower(Schnorr.Sign(keyPair, message, nonce)));
        var bouncyCastle = new byte[64];
        BcEd25519.Sign(seed, 0, message, 0, message.Length, bouncyCastle, 0);
        Assert.Equal(c.Text("signature_hex"), Convert.ToHexStringLower(bouncyCastle));
    }

    [Fact]
    public void Onet_tls_extension_signs_nonce_and_DER_common_name()
    {
        var c = Ed25519Vectors.Case(File, "onet_tls_extension", "onet-tls-extension");
        Assert.Equal(OnetCertificateProof.ExtensionOid, c.Text("extension_oid"));
        var keyPair = new Ed25519KeyPair(Ed25519Scalar.Unmarshal(c.Hex("private_le_hex")));
        Assert.Equal(c.Text("public_hex"), keyPair.Public.ToHex());
        var commonName = OnetCertificateProof.CommonName(keyPair.Public);
        Assert.Equal(c.Text("common_name"), commonName);
        Assert.Equal(c.Text("uri_san"), "onet-pubkey::" + commonName);
        var nonce = c.Hex("peer_nonce_hex");

        var message = OnetCertificateProof.SignedMessage(nonce, commonName);

        Assert.Equal(c.Text("signed_message_hex"), Convert.ToHexStringLower(message));
        Assert.Equal(c.Text("common_name_der_hex"), Convert.ToHexStringLower(message[nonce.Length..]));
        var extension = Schnorr.Sign(keyPair, message, Ed25519Scalar.Unmarshal(c.Hex("schnorr_nonce_le_hex")));
        Assert.Equal(c.Text("extension_value_hex"), Convert.ToHexStringLower(extension));
        Assert.True(OnetCertificateProof.Verify(commonName, nonce, extension));
        Assert.True(OnetCertificateProof.Verify(commonName, nonce, OnetCertificateProof.Sign(keyPair, nonce)));
        var otherNonce = (byte[])nonce.Clone();
        otherNonce[0] ^= 1;
        Assert.False(OnetCertificateProof.Verify(commonName, otherNonce, extension));
    }

    internal static string GoReason(SchnorrVerification result) => result switch
    {
        SchnorrVerification.Valid => "valid",
        SchnorrVerification.WrongSignatureLength => "signature length is not 64",
        SchnorrVerification.RNotDecodable => "R does not decode",
        SchnorrVerification.RNotCanonical => "R is not canonical",
        SchnorrVerification.RSmallOrder => "R has small order",
        SchnorrVerification.SNotCanonical => "s is not canonical (s >= L)",
        SchnorrVerification.PublicKeySmallOrder => "public key has small order",
        SchnorrVerification.EquationFails => "equation s*B == R + h*A does not hold",
        _ => result.ToString(),
    };
}
