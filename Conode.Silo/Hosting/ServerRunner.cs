using System.Net;
using Conode.Crypto.Bn256;
using Conode.Crypto.Ed25519;
using Conode.Network;
using Conode.Silo.Cli;
using Conode.Silo.Config;
using Conode.Silo.Gateway;
using Conode.Silo.Storage;
using Conode.Silo.Storage.Postgres;
using Npgsql;

namespace Conode.Silo.Hosting;

/// <summary><c>conode server</c>: turns a loaded private.toml into <see cref="NodeOptions"/> and runs the node.</summary>
public sealed class ServerRunner(ConodeEnvironment environment, TextWriter stderr) : IServerRunner
{
    public async Task<int> RunAsync(PrivateConfig config, string configPath, int debugLevel, SiloSettings silo, CancellationToken cancellationToken)
    {
        NodeOptions options;
        try
        {
            options = ToNodeOptions(config, configPath, environment, debugLevel, silo);
            await CheckStoreAsync(options, cancellationToken);
        }
        catch (Exception e) when (e is ConfigException or InvalidDataException or FormatException or PostgresUnavailableException)
        {
            await stderr.WriteLineAsync(e.Message);
            return 1;
        }
        try
        {
            return await ConodeHost.RunAsync(options, cancellationToken);
        }
        catch (Exception e) when (e is IOException or NpgsqlException)
        {
            // Typically a port in use, or the database gone: say so plainly instead of a stack trace.
            await stderr.WriteLineAsync($"conode {options.Address} cannot start: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// A PostgreSQL database must be reachable and hold this conode's schema; an SQLite file must not be someone
    /// else's. Either problem stops the start with a clear reason.
    /// </summary>
    private static async Task CheckStoreAsync(NodeOptions options, CancellationToken cancellationToken)
    {
        if (options.PostgreSql is { } database)
        {
            await PostgresSchema.CheckAsync(database, cancellationToken);
            return;
        }
        if (!File.Exists(options.DatabasePath) || new FileInfo(options.DatabasePath).Length == 0)
        {
            return;
        }
        var store = SqliteGrainStorage.Inspect(options.DatabasePath);
        var owner = options.Identity.Key.Public.ToHex();
        if (store.Owner is not null && store.Owner != owner)
        {
            throw new InvalidDataException(
                $"{options.DatabasePath} belongs to the node with public key {store.Owner}, not to this one ({owner})");
        }
    }

    /// <summary>Derives everything the host needs; key pairs are checked against their public halves.</summary>
    /// <param name="commandLine">This silo's settings from the command line; CONODE_* variables, then private.toml fill the rest.</param>
    public static NodeOptions ToNodeOptions(PrivateConfig config, string configPath, ConodeEnvironment environment, int debugLevel,
        SiloSettings? commandLine = null)
    {
        var silo = (commandLine ?? new SiloSettings()).Over(SiloSettings.FromEnvironment(environment)).Over(config.Orleans);
        var identityKey = Ed25519KeyPair.FromHex(config.Private);
        if (identityKey.Public.ToHex() != config.Public[..64].ToLowerInvariant())
        {
            throw new ConfigException(configPath, "Public", "is not the public key of Private (was the file edited by hand?)");
        }
        var serviceKeys = new Dictionary<string, Bn256KeyPair>(StringComparer.Ordinal);
        foreach (var service in config.Services.Where(s => s.Suite == ConodeSuites.Bn256Adapter))
        {
            var pair = Bn256KeyPair.FromPrivateHex(service.Private);
            if (pair.PublicHex != service.Public[..256].ToLowerInvariant())
            {
                throw new ConfigException(configPath, $"Services.{service.Name}.Public", "is not the public key of its Private");
            }
            serviceKeys[service.Name] = pair;
        }

        // With TLS on the client port and no URL, Go advertises https://<host>:<port+1> (onet-wire.md §6.5).
        var advertisedUrl = config.Url.Length == 0 && config.WebSocketTls
            ? $"https://{ConodeAddress.JoinHostPort(config.Address.Host, config.Address.WebSocketPort(null).ToString(System.Globalization.CultureInfo.InvariantCulture))}"
            : config.Url;
        int webSocketPort;
        try
        {
            webSocketPort = config.Address.WebSocketPort(config.Url);
        }
        catch (FormatException e)
        {
            throw new ConfigException(configPath, config.Url.Length > 0 ? "URL" : "Address", e.Message);
        }

        if (config.WebSocketTls)
        {
            try
            {
                _ = new WebSocketCertificate(config.WebSocketTLSCertificate, config.WebSocketTLSCertificateKey);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                throw new ConfigException(configPath, "WebSocketTLSCertificate",
                    $"the certificate and its key cannot be loaded: {e.Message}");
            }
        }

        var metricsEndpoint = config.MetricsEndpoint;
        if (metricsEndpoint is not null && (metricsEndpoint.Port == webSocketPort || metricsEndpoint.Port == config.ListenEndpoint.Port))
        {
            throw new ConfigException(configPath, "Metrics.ListenAddress",
                $"port {metricsEndpoint.Port} is already the conode's or the client port: give the metrics their own port");
        }

        return new NodeOptions
        {
            Identity = NodeIdentity.Create(identityKey, config.Address.Value, config.Description, advertisedUrl, serviceKeys),
            ConnType = ConodeAddress.SchemeOf(config.Address.ConnType),
            PeerHost = config.Address.Host,
            PeerPort = config.Address.Port,
            PeerListenHost = config.ListenEndpoint.Host,
            PeerListenPort = silo.PeerPort ?? config.ListenEndpoint.Port,
            WebSocketBindAddress = IPAddress.Any,
            WebSocketPort = silo.WebSocketPort ?? webSocketPort,
            WebSocketTlsCertificate = config.WebSocketTls ? config.WebSocketTLSCertificate : "",
            WebSocketTlsCertificateKey = config.WebSocketTls ? config.WebSocketTLSCertificateKey : "",
            DataDirectory = ConodePaths.DataDir(environment),
            DatabasePath = ConodePaths.DatabasePath(environment, config),
            PostgreSql = config.PostgreSqlDatabase(environment),
            OrleansSiloPort = silo.SiloPort ?? 0,
            OrleansGatewayPort = silo.GatewayPort ?? 0,
            SiloAddress = silo.SiloAddress ?? IPAddress.Loopback,
            DebugLevel = debugLevel,
            LogFormat = ConodeLogging.ParseFormat(environment.GetVariable(ConodeLogging.FormatVariable)),
            MetricsEndpoint = metricsEndpoint,
            CosiRecordRetention = NodeOptions.ParseCosiRecordRetention(environment.GetVariable(Grains.Cosi.ByzCoinXRecordOptions.RetentionVariable)),
        };
    }
}
