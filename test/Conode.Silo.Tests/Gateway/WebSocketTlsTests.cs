using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conode.Crypto.Ed25519;
using Conode.Silo.Gateway;
using Conode.Silo.Hosting;

namespace Conode.Silo.Tests.Gateway;

public sealed class WebSocketTlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("conode-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Client_port_serves_wss_with_the_configured_certificate()
    {
        var (certPath, keyPath, expected) = WritePem("node.example", "a");
        var options = LoopbackNode.Options(_dir, "tls test") with
        {
            WebSocketTlsCertificate = "file://" + certPath,
            WebSocketTlsCertificateKey = keyPath,
        };
        var port = options.WebSocketPort;
        var app = ConodeHost.Build(options);
        await app.StartAsync();
        try
        {
            string? seen = null;
            using var socket = new ClientWebSocket();
            socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                seen = certificate?.GetCertHashString();
                return true;
            };
            await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{port}/Status/Request"), CancellationToken.None);
            await socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Binary, true, CancellationToken.None);
            var reply = await socket.ReceiveAsync(new byte[64 * 1024], CancellationToken.None);
            Assert.Equal(WebSocketMessageType.Binary, reply.MessageType);
            Assert.Equal(expected, seen);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public void Renewed_files_are_picked_up_and_a_half_written_renewal_keeps_the_old_certificate()
    {
        var (certPath, keyPath, first) = WritePem("node.example", "a");
        var source = new WebSocketCertificate(certPath, "file://" + keyPath, checkPeriod: TimeSpan.Zero);
        Assert.Equal(first, source.Current.GetCertHashString());

        var (_, _, second) = WritePem("node.example", "a");
        Touch(certPath, keyPath);
        Assert.Equal(second, source.Current.GetCertHashString());

        File.WriteAllText(certPath, "-----BEGIN CERTIFICATE-----\ntruncated");
        Touch(certPath, keyPath);
        Assert.Equal(second, source.Current.GetCertHashString());
    }

    [Fact]
    public void Pem_text_can_be_given_inline()
    {
        var (certPath, keyPath, expected) = WritePem("inline.example", "b");
        var source = new WebSocketCertificate("string://" + File.ReadAllText(certPath), "string://" + File.ReadAllText(keyPath));
        Assert.Equal(expected, source.Current.GetCertHashString());
    }

    /// <summary>Writes a fresh self-signed certificate and key as PEM files; returns their paths and the thumbprint.</summary>
    private (string Cert, string Key, string Thumbprint) WritePem(string name, string fileTag)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(_dir, fileTag + "-fullchain.pem");
        var keyPath = Path.Combine(_dir, fileTag + "-privkey.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath, certificate.GetCertHashString());
    }

    /// <summary>Renewals change the files' times; make sure they differ even within one clock tick.</summary>
    private static void Touch(params string[] paths)
    {
        foreach (var path in paths)
        {
            File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(Random.Shared.Next(1, 1000)));
        }
    }
}
