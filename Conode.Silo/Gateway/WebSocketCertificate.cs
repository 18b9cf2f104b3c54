using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Gateway;

/// <summary>
/// The client port's TLS certificate from <c>WebSocketTLSCertificate</c>/<c>…Key</c> (<c>[file://]path</c> or
/// <c>string://PEM</c>). Files are re-read when either changes on disk, so a renewed Let's Encrypt
/// certificate is served without a restart (Go needs one, or waits until the old one nearly expires).
/// </summary>
public sealed class WebSocketCertificate
{
    /// <summary>How often, at most, the files' timestamps are looked at during handshakes.</summary>
    private readonly TimeSpan _checkPeriod;

    private readonly string _certificate;
    private readonly string _key;
    private readonly ILogger? _logger;
    private readonly Lock _gate = new();
    private X509Certificate2 _current;
    private (DateTime Certificate, DateTime Key) _loadedStamps;
    private DateTime _nextCheck;

    public WebSocketCertificate(string certificate, string key, ILogger? logger = null, TimeSpan? checkPeriod = null)
    {
        _checkPeriod = checkPeriod ?? TimeSpan.FromSeconds(5);
        _certificate = certificate;
        _key = key;
        _logger = logger;
        _current = Load();
        _loadedStamps = Stamps();
        _nextCheck = DateTime.UtcNow + _checkPeriod;
    }

    /// <summary>The certificate to present now; reloaded first if its files changed.</summary>
    public X509Certificate2 Current
    {
        get
        {
            lock (_gate)
            {
                if (DateTime.UtcNow >= _nextCheck)
                {
                    _nextCheck = DateTime.UtcNow + _checkPeriod;
                    ReloadIfChanged();
                }
                return _current;
            }
        }
    }

    private void ReloadIfChanged()
    {
        var stamps = Stamps();
        if (stamps == _loadedStamps)
        {
            return;
        }
        try
        {
            _current = Load();
            _loadedStamps = stamps;
            _logger?.LogInformation("Reloaded the WebSocket TLS certificate {Subject}, valid until {NotAfter:u}",
                _current.Subject, _current.NotAfter.ToUniversalTime());
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            // A renewal caught half-written: keep serving the old certificate and try again later.
            _logger?.LogWarning("Could not reload the WebSocket TLS certificate, keeping the current one: {Error}", e.Message);
        }
    }

    private X509Certificate2 Load()
    {
        var certificatePem = Read(_certificate);
        var keyPem = Read(_key);
        using var fromPem = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        // Kestrel on Linux needs the key in a form it can use for the handshake; a PKCS#12 round trip gives that.
        return X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), password: null);
    }

    private (DateTime, DateTime) Stamps() => (Stamp(_certificate), Stamp(_key));

    private static DateTime Stamp(string source) =>
        FilePath(source) is { } path && File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;

    private static string Read(string source) =>
        FilePath(source) is { } path ? File.ReadAllText(path) : source["string://".Length..];

    /// <summary>The file behind a <c>[file://]path</c> source, or null for <c>string://</c> PEM text.</summary>
    private static string? FilePath(string source) =>
        source.StartsWith("string://", StringComparison.Ordinal) ? null
        : source.StartsWith("file://", StringComparison.Ordinal) ? source["file://".Length..]
        : source;
}
