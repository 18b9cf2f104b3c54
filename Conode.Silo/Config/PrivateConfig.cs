using System.Net;
using Conode.Network;

namespace Conode.Silo.Config;

/// <summary>A service key pair from <c>[Services.&lt;Name&gt;]</c> of private.toml.</summary>
public sealed record ServiceKeyPair(string Name, string Suite, string Public, string Private);

/// <summary>
/// private.toml (onet app/config.go CothorityConfig): the conode's identity, addresses and service keys.
/// Key strings are kept exactly as read so that writing the file back changes nothing.
/// </summary>
public sealed record PrivateConfig
{
    public string Suite { get; init; } = ConodeSuites.Ed25519;

    /// <summary>Hex of the 32-byte Ed25519 public key.</summary>
    public required string Public { get; init; }

    /// <summary>Hex of the 32-byte little-endian Ed25519 scalar.</summary>
    public required string Private { get; init; }

    /// <summary>Public conode-to-conode address published in rosters.</summary>
    public required ConodeAddress Address { get; init; }

    /// <summary>Optional bind address: empty, <c>host</c> or <c>host:port</c> (see <see cref="ListenEndpoint"/>).</summary>
    public string ListenAddress { get; init; } = "";

    public string Description { get; init; } = "";

    /// <summary>Optional external WebSocket URL; when set the WebSocket listens on its port.</summary>
    public string Url { get; init; } = "";

    /// <summary><c>[type://]blob</c>: a file path (no type or <c>file://</c>) or PEM text (<c>string://</c>).</summary>
    public string WebSocketTLSCertificate { get; init; } = "";

    public string WebSocketTLSCertificateKey { get; init; } = "";

    /// <summary>
    /// Optional <c>[Metrics] ListenAddress</c>, <c>IP:port</c> where <c>/metrics</c> and <c>/health</c> are served;
    /// empty = not served. Conode.NET's own table: a Go conode reading the file ignores it.
    /// </summary>
    public string MetricsListenAddress { get; init; } = "";

    /// <summary><see cref="MetricsListenAddress"/> parsed (checked at load), or null when empty.</summary>
    public IPEndPoint? MetricsEndpoint => MetricsListenAddress.Length == 0 ? null : IPEndPoint.Parse(MetricsListenAddress);

    /// <summary>Per-service key pairs in file order (the writer sorts them by name, as Go does).</summary>
    public IReadOnlyList<ServiceKeyPair> Services { get; init; } = [];

    /// <summary>The decoded identity public key (first 64 hex characters, as kyber reads them).</summary>
    public byte[] PublicKeyBytes => Convert.FromHexString(Public.AsSpan(0, 64));

    /// <summary>True when both WebSocket TLS fields are set (Go turns TLS on only then).</summary>
    public bool WebSocketTls => WebSocketTLSCertificate.Length > 0 && WebSocketTLSCertificateKey.Length > 0;

    /// <summary>
    /// Where the conode-to-conode listener binds (onet getListenAddress): empty ListenAddress ⇒ all interfaces on
    /// Address's port; <c>host</c> ⇒ host on Address's port; <c>host:port</c> ⇒ exactly that. Empty Host = all interfaces.
    /// </summary>
    public (string Host, int Port) ListenEndpoint =>
        TryListenEndpoint(ListenAddress, Address, out var endpoint, out var error)
            ? endpoint
            : throw new InvalidOperationException(error);

    public ServiceKeyPair? FindService(string name) => Services.FirstOrDefault(s => s.Name == name);

    /// <summary>Reads and validates a private.toml; every problem is a <see cref="ConfigException"/>.</summary>
    public static PrivateConfig Load(string path) => Parse(TomlSection.ReadFile(path), path);

    /// <summary>Parses and validates private.toml text; <paramref name="file"/> names the source in errors.</summary>
    public static PrivateConfig Parse(string text, string file)
    {
        var root = TomlSection.Parse(text, file);
        // Backward compatibility: files written before suites existed have no Suite.
        var suite = root.OptionalString("Suite") is { Length: > 0 } s ? s : ConodeSuites.Ed25519;
        if (!string.Equals(suite, ConodeSuites.Ed25519, StringComparison.OrdinalIgnoreCase))
        {
            throw root.Error("Suite", $"expected \"{ConodeSuites.Ed25519}\" for the conode identity, got \"{suite}\"");
        }
        var config = new PrivateConfig
        {
            Suite = suite,
            Public = root.RequiredHex("Public", 64, "Ed25519 point"),
            Private = root.RequiredHex("Private", 64, "Ed25519 scalar"),
            Address = ParseAddress(root, "Address", root.RequiredString("Address")),
            ListenAddress = root.OptionalString("ListenAddress") ?? "",
            Description = root.OptionalString("Description") ?? "",
            Url = root.OptionalString("URL") ?? "",
            WebSocketTLSCertificate = root.OptionalString("WebSocketTLSCertificate") ?? "",
            WebSocketTLSCertificateKey = root.OptionalString("WebSocketTLSCertificateKey") ?? "",
            Services = ReadServices(root),
            MetricsListenAddress = ReadMetricsListenAddress(root),
        };
        if (!TryListenEndpoint(config.ListenAddress, config.Address, out _, out var listenError))
        {
            throw root.Error("ListenAddress", listenError);
        }
        CheckUrl(root, "URL", config.Url);
        CheckCertificateUrl(root, "WebSocketTLSCertificate", config.WebSocketTLSCertificate);
        CheckCertificateUrl(root, "WebSocketTLSCertificateKey", config.WebSocketTLSCertificateKey);
        if (config.WebSocketTLSCertificate.Length > 0 != config.WebSocketTLSCertificateKey.Length > 0)
        {
            var (set, missing) = config.WebSocketTLSCertificate.Length > 0
                ? ("WebSocketTLSCertificate", "WebSocketTLSCertificateKey")
                : ("WebSocketTLSCertificateKey", "WebSocketTLSCertificate");
            throw root.Error(missing, $"must be set when {set} is set (WebSocket TLS needs both, or neither)");
        }
        return config;
    }

    /// <summary>The file text exactly as the Go conode writes it.</summary>
    public string ToToml()
    {
        var w = new GoTomlWriter();
        w.Comment("This file contains your private key.");
        w.Comment("Do not give it away lightly!");
        w.KeyValue(1, "Suite", Suite);
        w.KeyValue(1, "Public", Public);
        w.KeyValue(1, "Private", Private);
        w.KeyValue(1, "Address", Address.Value);
        w.KeyValue(1, "ListenAddress", ListenAddress);
        w.KeyValue(1, "Description", Description);
        w.KeyValue(1, "URL", Url);
        w.KeyValue(1, "WebSocketTLSCertificate", WebSocketTLSCertificate);
        w.KeyValue(1, "WebSocketTLSCertificateKey", WebSocketTLSCertificateKey);
        w.Table("Services");
        foreach (var service in Services.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            w.Table("Services", service.Name);
            w.KeyValue(3, "Suite", service.Suite);
            w.KeyValue(3, "Public", service.Public);
            w.KeyValue(3, "Private", service.Private);
        }
        if (MetricsListenAddress.Length > 0)
        {
            w.Table("Metrics");
            w.KeyValue(2, "ListenAddress", MetricsListenAddress);
        }
        return w.ToString();
    }

    /// <summary>Writes the file readable by its owner only (0600 on Unix): it holds the private keys.</summary>
    public void Save(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(ToToml());
        }
        // UnixCreateMode only applies to new files; an overwritten file must not keep looser permissions.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    internal static ConodeAddress ParseAddress(TomlSection section, string key, string value) =>
        ConodeAddress.TryParse(value, out var address, out var error)
            ? address
            : throw section.Error(key, $"expected an address like tls://host:port, {error}");

    private static List<ServiceKeyPair> ReadServices(TomlSection root)
    {
        var services = new List<ServiceKeyPair>();
        foreach (var (name, section) in root.OptionalTable("Services")?.ChildTables() ?? [])
        {
            var (suite, publicHex, privateHex, point) = section.ServiceSuite(name);
            services.Add(new ServiceKeyPair(
                name,
                suite,
                section.RequiredHex("Public", publicHex, point),
                section.RequiredHex("Private", privateHex, $"{suite} scalar")));
        }
        return services;
    }

    private static string ReadMetricsListenAddress(TomlSection root)
    {
        var metrics = root.OptionalTable("Metrics");
        var value = metrics?.OptionalString("ListenAddress") ?? "";
        if (value.Length > 0 && !(IPEndPoint.TryParse(value, out var endpoint) && endpoint.Port > 0 && value.Contains(':')))
        {
            throw metrics!.Error("ListenAddress", $"expected an IP address and a port, e.g. \"127.0.0.1:9100\", got \"{value}\"");
        }
        return value;
    }

    private static bool TryListenEndpoint(
        string listen, ConodeAddress address, out (string Host, int Port) endpoint, out string error)
    {
        endpoint = default;
        error = "";
        if (listen.Length == 0)
        {
            endpoint = ("", address.Port);
            return true;
        }
        if (!listen.Contains(':', StringComparison.Ordinal))
        {
            endpoint = (listen, address.Port);
            return true;
        }
        if (ConodeAddress.TrySplitHostPort(listen, out var host, out var portText, out var splitError)
            && host.Length > 0 && portText.Length > 0)
        {
            if (int.TryParse(portText, out var port) && port is >= 0 and <= 65535)
            {
                endpoint = (host, port);
                return true;
            }
            error = $"port \"{portText}\" is not a number between 0 and 65535";
            return false;
        }
        error = $"expected empty, \"host\" or \"host:port\", got \"{listen}\"" +
            (splitError is null ? "" : $" ({splitError})");
        return false;
    }

    private static void CheckUrl(TomlSection section, string key, string url)
    {
        if (url.Length > 0
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri)
                 && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            throw section.Error(key, $"expected an absolute http:// or https:// URL, got \"{url}\"");
        }
    }

    private static void CheckCertificateUrl(TomlSection section, string key, string value)
    {
        // onet CertificateURL: at most one "://"; the type before it must be empty, "file" or "string".
        var parts = value.Split("://");
        if (parts.Length > 2 || (parts.Length == 2 && parts[0] is not ("" or "file" or "string")))
        {
            throw section.Error(key,
                $"expected a file path, file://<path> or string://<PEM>, got \"{Abbreviate(value)}\"");
        }
    }

    private static string Abbreviate(string value) => value.Length <= 60 ? value : value[..57] + "...";
}
