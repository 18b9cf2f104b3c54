using Conode.Crypto.Ed25519;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.X509;

namespace Conode.Silo.Peers;

/// <summary>
/// The self-signed certificates onet presents on every TLS handshake (onet-wire.md §3.5.2–§3.5.4): an ECDSA P-256
/// key, CN = <c>Z</c>+hex(conode key), and the Schnorr proof over the peer's nonce in a private extension.
/// </summary>
internal static class OnetCertificate
{
    public static readonly DerObjectIdentifier ProofOid = new(OnetCertificateProof.ExtensionOid);

    private const string UriPrefix = "onet-pubkey::";

    // Critical extensions Go's x509 understands; any other critical extension makes Go refuse the certificate.
    private static readonly HashSet<string> UnderstoodCritical =
    [
        X509Extensions.BasicConstraints.Id, X509Extensions.KeyUsage.Id, X509Extensions.ExtendedKeyUsage.Id,
        X509Extensions.SubjectAlternativeName.Id, X509Extensions.NameConstraints.Id, X509Extensions.CertificatePolicies.Id,
    ];

    /// <summary>A certificate for <paramref name="conodeKey"/> carrying <paramref name="proof"/> as the extension value.</summary>
    public static X509Certificate Create(AsymmetricCipherKeyPair ecdsaKey, Ed25519Point conodeKey, byte[] proof, SecureRandom random)
    {
        var commonName = OnetCertificateProof.CommonName(conodeKey);
        var name = new X509Name([X509Name.CN], [commonName], new PrintableStringConverter());
        var serial = new BigInteger(128, random).SetBit(127);
        var now = DateTime.UtcNow;

        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(serial);
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now.AddMinutes(-5));
        generator.SetNotAfter(now.AddHours(2));
        generator.SetPublicKey(ecdsaKey.Public);
        // Go checks client certificates against serverAuth too, so both usages are needed.
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, false,
            new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_clientAuth));
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.SubjectAlternativeName, false,
            new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, UriPrefix + commonName)));
        // extnValue must hold the raw signature, as Go writes it. BouncyCastle 2.7's AddExtension(oid, bool, byte[])
        // wraps the bytes in a second OCTET STRING, so the extension is built directly.
        generator.AddExtension(ProofOid, new X509Extension(false, new DerOctetString(proof)));
        return generator.Generate(new Asn1SignatureFactory("SHA384WITHECDSA", ecdsaKey.Private, random));
    }

    /// <summary>
    /// Checks a peer's chain and returns the conode key it proves: one certificate, valid now, serverAuth allowed,
    /// no unknown critical extension, a valid self-signature, the URI SAN (or CN) naming <paramref name="expected"/>
    /// when known, and the Schnorr proof over <paramref name="ourNonce"/>.
    /// </summary>
    /// <exception cref="TlsFatalAlert">bad_certificate, with the reason as message.</exception>
    public static Ed25519Point Verify(Certificate chain, ReadOnlySpan<byte> ourNonce, Ed25519Point? expected)
    {
        if (chain.Length != 1)
        {
            throw Refuse($"expected exactly one certificate, got {chain.Length}");
        }
        X509Certificate certificate;
        try
        {
            certificate = new X509Certificate(chain.GetCertificateAt(0).GetEncoded());
            certificate.CheckValidity(DateTime.UtcNow);
            certificate.Verify(certificate.GetPublicKey());
        }
        catch (Exception e) when (e is not TlsFatalAlert)
        {
            throw Refuse($"certificate unusable: {e.Message}");
        }
        var usages = certificate.GetExtendedKeyUsage();
        if (usages is not null && !usages.Contains(KeyPurposeID.id_kp_serverAuth) && !usages.Contains(KeyPurposeID.AnyExtendedKeyUsage))
        {
            throw Refuse("certificate does not allow serverAuth");
        }
        var unknownCritical = certificate.GetCriticalExtensionOids()?.FirstOrDefault(oid => !UnderstoodCritical.Contains(oid));
        if (unknownCritical is not null)
        {
            throw Refuse($"unknown critical extension {unknownCritical}");
        }

        // Go reads the last CN of the subject.
        var commonName = certificate.SubjectDN.GetValueList(X509Name.CN).LastOrDefault() ?? "";
        if (!OnetCertificateProof.TryParseCommonName(commonName, out var proven))
        {
            throw Refuse($"common name \"{commonName}\" names no Ed25519 key");
        }
        if (expected is not null)
        {
            var uris = UriNames(certificate);
            var wanted = OnetCertificateProof.CommonName(expected);
            var named = uris.Count > 0 ? uris.Contains(UriPrefix + wanted) : commonName == wanted;
            // Stricter than Go, which skips the CN key when URIs are present; still compatible.
            if (!named || proven != expected)
            {
                throw Refuse($"certificate is for key {proven}, expected {expected}");
            }
        }
        var proof = certificate.GetExtensionValue(ProofOid)?.GetOctets();
        if (proof is null)
        {
            throw Refuse("certificate has no conode key proof");
        }
        if (!OnetCertificateProof.Verify(commonName, ourNonce, proof))
        {
            throw Refuse($"conode key proof of {proven} does not verify");
        }
        return proven;
    }

    private static List<string> UriNames(X509Certificate certificate)
    {
        var extension = certificate.GetExtensionValue(X509Extensions.SubjectAlternativeName);
        if (extension is null)
        {
            return [];
        }
        return GeneralNames.GetInstance(extension.GetOctets()).GetNames()
            .Where(n => n.TagNo == GeneralName.UniformResourceIdentifier)
            .Select(n => DerIA5String.GetInstance(n.Name).GetString())
            .ToList();
    }

    private static TlsFatalAlert Refuse(string reason) => new(AlertDescription.bad_certificate, reason);

    /// <summary>Go encodes the CN as PrintableString; BouncyCastle's default would pick UTF8String.</summary>
    private sealed class PrintableStringConverter : X509NameEntryConverter
    {
        public override Asn1Object GetConvertedValue(DerObjectIdentifier oid, string value) => new DerPrintableString(value);
    }
}
