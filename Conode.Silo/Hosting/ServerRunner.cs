using System.Net;
using Conode.Crypto.Bn256;
using Conode.Crypto.Ed25519;
using Conode.Network;
using Conode.Silo.Cli;
using Conode.Silo.Config;

namespace Conode.Silo.Hosting;

/// <summary><c>conode server</c>: turns a loaded private.toml into <see cref="NodeOptions"/> and runs the node.</summary>
public sealed class ServerRunner(ConodeEnvironment environment, TextWriter stderr) : IServerRunner
{
    public async Task<int> RunAsync(PrivateConfig config, string configPath, int debugLevel, CancellationToken cancellationToken)
    {
        NodeOptions options;
        try
        {
            options = ToNodeOptions(config, configPath, environment, debugLevel);
        }
        catch (ConfigException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return 1;
        }
        return await ConodeHost.RunAsync(options, cancellationToken);
    }

    /// <summary>Derives everything the host needs; key pairs are checked against their public halves.</summary>
    public static NodeOptions ToNodeOptions(PrivateConfig config, string configPath, ConodeEnvironment environment, int debugLevel)
    {
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

        return new NodeOptions
        {
            Identity = NodeIdentity.Create(identityKey, config.Address.Value, config.Description, advertisedUrl, serviceKeys),
            ConnType = ConodeAddress.SchemeOf(config.Address.ConnType),
            PeerHost = config.Address.Host,
            PeerPort = config.Address.Port,
            PeerListenHost = config.ListenEndpoint.Host,
            PeerListenPort = config.ListenEndpoint.Port,
            WebSocketBindAddress = IPAddress.Any,
            WebSocketPort = webSocketPort,
            DataDirectory = ConodePaths.DataDir(environment),
            DatabasePath = ConodePaths.DatabasePath(environment, config),
            DebugLevel = debugLevel,
        };
    }
}
