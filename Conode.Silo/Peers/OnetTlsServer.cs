using Conode.Crypto.Ed25519;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Conode.Silo.Peers;

/// <summary>Cipher suites of Go 1.19 for ECDSA certificates (onet-wire.md §3.5.7), in Go's preference order.</summary>
internal static class OnetTlsSuites
{
    public static readonly int[] All =
    [
        CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    ];
}

/// <summary>
/// The listener's side of onet TLS: signs the client's SNI nonce into its certificate, sends its own nonce as the
/// only acceptable CA, requires a client certificate and checks the client's proof against that nonce.
/// </summary>
internal sealed class OnetTlsServer(BcTlsCrypto crypto, OnetTlsCredentials credentials) : DefaultTlsServer(crypto)
{
    private readonly X509Name _nonce = OnetTlsNonces.NewServerNonce();

    /// <summary>The conode key the client proved, once its certificate was accepted.</summary>
    public Ed25519Point? ClientKey { get; private set; }

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, OnetTlsSuites.All);

    public override TlsCredentials GetCredentials()
    {
        var names = m_context.SecurityParameters.ClientServerNames;
        if (names is not { Count: 1 } || names[0].NameType != NameType.host_name || names[0].NameData.Length != OnetTlsNonces.Size)
        {
            throw new TlsFatalAlert(AlertDescription.unrecognized_name, "client sent no 32-byte nonce as server name");
        }
        return credentials.CreateSigner(m_context, (BcTlsCrypto)Crypto, names[0].NameData);
    }

    public override CertificateRequest GetCertificateRequest()
    {
        var signatureAlgorithms = TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context);
        IList<X509Name> authorities = [_nonce];
        return TlsUtilities.IsTlsV13(m_context)
            ? new CertificateRequest(TlsUtilities.EmptyBytes, signatureAlgorithms, null, authorities)
            : new CertificateRequest([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], signatureAlgorithms, authorities);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            throw new TlsFatalAlert(AlertDescription.certificate_required, "client sent no certificate");
        }
        ClientKey = OnetCertificate.Verify(clientCertificate, _nonce.GetEncoded(Asn1Encodable.Der), expected: null);
    }

    // Go peers may drop the connection without close_notify (crash, idle close); that is an ordinary end.
    public override bool RequiresCloseNotify() => false;

    /// <summary>What the handshake negotiated (version, suite).</summary>
    public SecurityParameters? Security => m_context?.SecurityParameters;
}
