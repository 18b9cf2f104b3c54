using System.Text.Json;
using Conode.Crypto.Ed25519;
using Conode.Silo.Peers;
using Conode.Tests;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.X509;

namespace Conode.Silo.Tests.Peers;

public class OnetCertificateTests
{
    private static readonly JsonElement Vector = JsonDocument.Parse(File.ReadAllText(SharedFolder.Vector("ed25519-schnorr.json")))
        .RootElement.GetProperty("onet_tls_extension")[0];

    private static byte[] Hex(string property) => Convert.FromHexString(Vector.GetProperty(property).GetString()!);

    private static string Text(string property) => Vector.GetProperty(property).GetString()!;

    [Fact]
    public void Certificate_carries_the_kyber_vector_proof_as_raw_extension_value()
    {
        var key = Ed25519Point.Unmarshal(Hex("public_hex"));
        var proof = Hex("extension_value_hex");

        var certificate = OnetCertificate.Create(NewEcdsaKey(), key, proof, new SecureRandom());

        Assert.Equal(Text("common_name"), certificate.SubjectDN.GetValueList(X509Name.CN).Single());
        Assert.Equal(certificate.SubjectDN, certificate.IssuerDN);
        Assert.Equal(proof, certificate.GetExtensionValue(OnetCertificate.ProofOid).GetOctets());
        Assert.DoesNotContain(Text("extension_oid"), certificate.GetCriticalExtensionOids());
        Assert.Equal("SHA-384withECDSA", certificate.SigAlgName);
        Assert.True(certificate.SerialNumber.BitLength == 128);
        Assert.Equal(TimeSpan.FromMinutes(125), certificate.NotAfter - certificate.NotBefore);
        var uri = GeneralNames.GetInstance(certificate.GetExtensionValue(X509Extensions.SubjectAlternativeName).GetOctets()).GetNames().Single();
        Assert.Equal(Text("uri_san"), uri.Name.ToString());
        Assert.Contains(KeyPurposeID.id_kp_serverAuth, certificate.GetExtendedKeyUsage());
        Assert.Contains(KeyPurposeID.id_kp_clientAuth, certificate.GetExtendedKeyUsage());
        // The CN is a PrintableString, as Go writes it.
        Assert.Contains(Text("common_name_der_hex"), Convert.ToHexStringLower(certificate.SubjectDN.GetEncoded()), StringComparison.Ordinal);

        // What the proof signs: the peer's nonce and the CN as read back from the certificate.
        var commonName = certificate.SubjectDN.GetValueList(X509Name.CN).Single();
        Assert.Equal(Hex("signed_message_hex"), OnetCertificateProof.SignedMessage(Hex("peer_nonce_hex"), commonName));
        Assert.Equal(key, OnetCertificate.Verify(Chain(certificate), Hex("peer_nonce_hex"), key));
    }

    [Fact]
    public void Verification_refuses_another_nonce_another_expected_key_and_a_missing_proof()
    {
        var key = Ed25519Point.Unmarshal(Hex("public_hex"));
        var nonce = Hex("peer_nonce_hex");
        var certificate = OnetCertificate.Create(NewEcdsaKey(), key, Hex("extension_value_hex"), new SecureRandom());
        var otherNonce = (byte[])nonce.Clone();
        otherNonce[31] ^= 0x80;

        Assert.Equal(AlertDescription.bad_certificate, Assert.Throws<TlsFatalAlert>(() => OnetCertificate.Verify(Chain(certificate), otherNonce, key)).AlertDescription);
        Assert.Throws<TlsFatalAlert>(() => OnetCertificate.Verify(Chain(certificate), nonce, Ed25519KeyPair.Generate().Public));
        var signedByAnother = OnetCertificate.Create(NewEcdsaKey(), key, OnetCertificateProof.Sign(Ed25519KeyPair.Generate(), nonce), new SecureRandom());
        Assert.Throws<TlsFatalAlert>(() => OnetCertificate.Verify(Chain(signedByAnother), nonce, null));
        Assert.Throws<TlsFatalAlert>(() => OnetCertificate.Verify(Chain(certificate, certificate), nonce, key));
    }

    [Fact]
    public void Own_credentials_prove_the_node_key_over_the_peer_nonce()
    {
        var keyPair = Ed25519KeyPair.Generate();
        var nonce = OnetTlsNonces.NewClientNonce();
        var proof = OnetCertificateProof.Sign(keyPair, nonce);
        var certificate = OnetCertificate.Create(NewEcdsaKey(), keyPair.Public, proof, new SecureRandom());
        Assert.Equal(keyPair.Public, OnetCertificate.Verify(Chain(certificate), nonce, keyPair.Public));
    }

    [Fact]
    public void Nonces_are_32_bytes_without_sni_special_characters_and_the_server_nonce_is_a_der_name()
    {
        for (var i = 0; i < 200; i++)
        {
            var client = OnetTlsNonces.NewClientNonce();
            Assert.Equal(32, client.Length);
            Assert.DoesNotContain(client, b => b is (byte)'.' or (byte)'[' or (byte)']' or (byte)'%');
            var server = OnetTlsNonces.NewServerNonce().GetEncoded();
            Assert.Equal(32, server.Length);
            Assert.Equal(server, X509Name.GetInstance(server).GetEncoded());
        }
    }

    private static Certificate Chain(params X509Certificate[] certificates)
    {
        var crypto = new BcTlsCrypto(new SecureRandom());
        return new Certificate(certificates.Select(c => crypto.CreateCertificate(c.GetEncoded())).ToArray());
    }

    private static AsymmetricCipherKeyPair NewEcdsaKey()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, new SecureRandom()));
        return generator.GenerateKeyPair();
    }
}
