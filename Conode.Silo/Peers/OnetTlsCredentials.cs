using System.Security.Cryptography;
using Conode.Crypto.Ed25519;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Conode.Silo.Peers;

/// <summary>
/// What this node shows in onet TLS handshakes: its conode key and one ECDSA P-256 key made at start (Go makes one
/// per listener), so that a handshake only costs a certificate signature and a Schnorr signature (the Go dialer
/// gives TCP + TLS 1 s).
/// </summary>
internal class OnetTlsCredentials(Ed25519KeyPair conodeKey)
{
    private readonly AsymmetricCipherKeyPair _ecdsaKey = NewEcdsaKey();

    public Ed25519Point PublicKey => conodeKey.Public;

    /// <summary>The extension value: the Schnorr proof of the conode key over the peer's nonce.</summary>
    protected virtual byte[] Prove(byte[] peerNonce) => OnetCertificateProof.Sign(conodeKey, peerNonce);

    /// <summary>A fresh certificate proving our key to the peer that chose <paramref name="peerNonce"/>.</summary>
    public TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto, byte[] peerNonce)
    {
        var x509 = OnetCertificate.Create(_ecdsaKey, PublicKey, Prove(peerNonce), crypto.SecureRandom);
        var tlsCertificate = crypto.CreateCertificate(x509.GetEncoded());
        var chain = TlsUtilities.IsTlsV13(context)
            ? new Certificate(TlsUtilities.EmptyBytes, [new CertificateEntry(tlsCertificate, null)])
            : new Certificate([tlsCertificate]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, _ecdsaKey.Private, chain,
            SignatureAndHashAlgorithm.GetInstance(Org.BouncyCastle.Tls.HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    private static AsymmetricCipherKeyPair NewEcdsaKey()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, new SecureRandom()));
        return generator.GenerateKeyPair();
    }
}

/// <summary>The nonces onet smuggles through TLS fields (onet-wire.md §3.5.1).</summary>
internal static class OnetTlsNonces
{
    public const int Size = 32;

    // SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, OCTET STRING(19) } } }: a DER-valid 32-byte Name, because
    // BouncyCastle only writes CA entries as encoded X509Names; Go uses the 32 bytes without parsing them.
    private static readonly byte[] ServerNoncePrefix = [0x30, 0x1e, 0x31, 0x1c, 0x30, 0x1a, 0x06, 0x03, 0x55, 0x04, 0x03, 0x04, 0x13];

    /// <summary>The dialer's nonce, sent as SNI: 32 random bytes without <c>.[]%</c>, which Go's SNI handling alters.</summary>
    public static byte[] NewClientNonce()
    {
        var nonce = new byte[Size];
        do
        {
            RandomNumberGenerator.Fill(nonce);
        }
        while (nonce.AsSpan().IndexOfAny((byte)'.', (byte)'[', (byte)']') >= 0 || nonce.AsSpan().IndexOf((byte)'%') >= 0);
        return nonce;
    }

    /// <summary>The listener's nonce, sent as the only acceptable-CA name.</summary>
    public static X509Name NewServerNonce()
    {
        var nonce = new byte[Size];
        ServerNoncePrefix.CopyTo(nonce, 0);
        RandomNumberGenerator.Fill(nonce.AsSpan(ServerNoncePrefix.Length));
        return X509Name.GetInstance(Asn1Sequence.GetInstance(nonce));
    }
}
