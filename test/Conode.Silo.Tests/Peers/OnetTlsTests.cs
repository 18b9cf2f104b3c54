using System.Net;
using System.Net.Sockets;
using Conode.Crypto.Ed25519;
using Conode.Messaging;
using Conode.Network;
using Conode.Silo.Peers;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Conode.Silo.Tests.Peers;

/// <summary>The handshake as a dialer of either TLS version sees it against our listener.</summary>
public class OnetTlsTests
{
    public static TheoryData<string, int> Versions => new()
    {
        // Go↔Go picks TLS 1.3; with 1.2 the first ECDSA suite of Go's list.
        { "1.3", CipherSuite.TLS_AES_128_GCM_SHA256 },
        { "1.2", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 },
    };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Handshake_negotiates_the_version_and_suite_and_carries_frames(string version, int suite)
    {
        await using var node = await PeerNode.StartAsync();
        var dialer = Ed25519KeyPair.Generate();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, node.Port);
        var offered = version == "1.3" ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12;
        var client = new OnetTlsClient(new BcTlsCrypto(new SecureRandom()), new OnetTlsCredentials(dialer), node.Key.Public)
        {
            Versions = [offered],
        };
        var protocol = new OnetTlsClientProtocol(new NetworkStream(socket), client);

        // Blocking API: off the test thread.
        await Task.Run(() => protocol.Connect(client));

        Assert.Equal(offered, client.Security!.NegotiatedVersion);
        Assert.Equal(suite, client.Security.CipherSuite);
        // Our listener's nonce came through the CA list and was signed by the client.
        var identity = ServerIdentity.Create(dialer.Public, "tls://127.0.0.1:1");
        await Task.Run(() =>
        {
            protocol.Stream.Write(PeerFraming.Frame(MessageRegistry.Default.Marshal(identity)));
            protocol.Stream.Write(PeerFraming.Frame(MessageRegistry.Default.Marshal(new Done())));
        });
        var received = await node.Handler.NextAsync();
        Assert.IsType<Done>(received.Message);
        Assert.Equal(identity.Id, received.From.Id);
        protocol.Close();
    }
}

/// <summary>A Go server's certificate request carries 32 random bytes (no DER) as the only CA name.</summary>
public class GoCertificateRequestTests
{
    private static readonly byte[] GoNonce = Enumerable.Range(0, 32).Select(i => (byte)(0xa0 + i)).ToArray();

    [Fact]
    public void Tls13_request_gives_up_the_raw_nonce_and_keeps_the_other_extensions()
    {
        byte[] signatureAlgorithms = [0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04, 0x03];
        byte[] authorities = [0x00, 0x2f, 0x00, 0x24, 0x00, 0x22, 0x00, 0x20, .. GoNonce];
        byte[] body = [0x00, 0x00, (byte)(signatureAlgorithms.Length + authorities.Length), .. authorities, .. signatureAlgorithms];

        var rebuilt = OnetTlsClientProtocol.WithoutAuthorities13(body, out var nonce);

        Assert.Equal(GoNonce, nonce);
        Assert.Equal([0x00, 0x00, (byte)signatureAlgorithms.Length, .. signatureAlgorithms], rebuilt);
    }

    [Fact]
    public void Tls12_request_gives_up_the_raw_nonce_and_an_empty_ca_list()
    {
        byte[] head = [0x02, 0x40, 0x01, 0x00, 0x02, 0x04, 0x03];
        byte[] body = [.. head, 0x00, 0x22, 0x00, 0x20, .. GoNonce];

        var rebuilt = OnetTlsClientProtocol.WithoutAuthorities12(body, out var nonce);

        Assert.Equal(GoNonce, nonce);
        Assert.Equal([.. head, 0x00, 0x00], rebuilt);
    }

    [Theory]
    [InlineData(new byte[] { 0x02, 0x40 })]
    [InlineData(new byte[] { 0x01, 0x40, 0x00, 0x02, 0x04, 0x03, 0x00, 0x22, 0x00, 0x20, 1 })]
    [InlineData(new byte[] { 0x01, 0x40, 0x00, 0x02, 0x04, 0x03, 0x00, 0x00, 0x99 })]
    public void Malformed_requests_are_a_decode_error(byte[] body)
    {
        var alert = Assert.Throws<TlsFatalAlert>(() => OnetTlsClientProtocol.WithoutAuthorities12(body, out _));
        Assert.Equal(AlertDescription.decode_error, alert.AlertDescription);
    }
}
