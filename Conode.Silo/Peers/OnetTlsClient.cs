using Conode.Crypto.Ed25519;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Conode.Silo.Peers;

/// <summary>
/// The dialer's side of onet TLS: sends its nonce as SNI, checks that the server proves
/// <paramref name="expectedServerKey"/> over it, and answers the certificate request with a proof over the server's
/// nonce (taken from the raw CA list by <see cref="OnetTlsClientProtocol"/>).
/// </summary>
internal sealed class OnetTlsClient(BcTlsCrypto crypto, OnetTlsCredentials credentials, Ed25519Point expectedServerKey)
    : DefaultTlsClient(crypto)
{
    private readonly byte[] _nonce = OnetTlsNonces.NewClientNonce();
    private readonly OnetTlsCredentials _credentials = credentials;
    private readonly Ed25519Point _expectedServerKey = expectedServerKey;

    /// <summary>The first acceptable-CA entry of the server's certificate request, verbatim.</summary>
    public byte[]? ServerNonce { get; set; }

    /// <summary>Versions offered; Go offers 1.3 and 1.2 (tests narrow it to check each).</summary>
    public ProtocolVersion[] Versions { get; init; } = ProtocolVersion.TLSv13.DownTo(ProtocolVersion.TLSv12);

    protected override ProtocolVersion[] GetSupportedVersions() => Versions;

    protected override IList<ServerName> GetSniServerNames() => [new ServerName(NameType.host_name, _nonce)];

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, OnetTlsSuites.All);

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override bool RequiresCloseNotify() => false;

    /// <summary>What the handshake negotiated (version, suite).</summary>
    public SecurityParameters? Security => m_context?.SecurityParameters;

    private sealed class Authentication(OnetTlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            OnetCertificate.Verify(serverCertificate.Certificate, client._nonce, client._expectedServerKey);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest)
        {
            if (client.ServerNonce is not { Length: OnetTlsNonces.Size } nonce)
            {
                throw new TlsFatalAlert(AlertDescription.handshake_failure, "server sent no 32-byte nonce as acceptable CA");
            }
            return client._credentials.CreateSigner(client.m_context, (BcTlsCrypto)client.Crypto, nonce);
        }
    }
}
