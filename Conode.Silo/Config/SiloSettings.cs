using System.Globalization;
using System.Net;

namespace Conode.Silo.Config;

/// <summary>
/// Where one silo (one <c>conode server</c> process) of a node listens. private.toml's <c>[Orleans]</c> table
/// gives the Orleans ports for every silo run from that file; <c>conode server</c> options and CONODE_*
/// environment variables override any of them per process, so that several silos can share one private.toml
/// (and one host). Unset values keep the single-silo defaults: the ports of Address/ListenAddress/URL, a free
/// loopback silo port and no Orleans client gateway.
/// </summary>
public sealed record SiloSettings
{
    public const string PeerPortVariable = "CONODE_PEER_PORT";
    public const string WebSocketPortVariable = "CONODE_WS_PORT";
    public const string SiloPortVariable = "CONODE_SILO_PORT";
    public const string GatewayPortVariable = "CONODE_GATEWAY_PORT";
    public const string SiloAddressVariable = "CONODE_SILO_ADDRESS";

    /// <summary>Port the conode port binds instead of ListenAddress/Address's; the published Address is unchanged.</summary>
    public int? PeerPort { get; init; }

    /// <summary>Port the client WebSocket binds instead of Address's port + 1 (or URL's).</summary>
    public int? WebSocketPort { get; init; }

    /// <summary>Orleans silo-to-silo port; 0 = a free port.</summary>
    public int? SiloPort { get; init; }

    /// <summary>Orleans client gateway port; 0 = closed.</summary>
    public int? GatewayPort { get; init; }

    /// <summary>The IP the other silos of the node reach this one on (and the silo binds); default loopback.</summary>
    public IPAddress? SiloAddress { get; init; }

    /// <summary>These values, with <paramref name="fallback"/>'s where these are unset.</summary>
    public SiloSettings Over(SiloSettings fallback) => new()
    {
        PeerPort = PeerPort ?? fallback.PeerPort,
        WebSocketPort = WebSocketPort ?? fallback.WebSocketPort,
        SiloPort = SiloPort ?? fallback.SiloPort,
        GatewayPort = GatewayPort ?? fallback.GatewayPort,
        SiloAddress = SiloAddress ?? fallback.SiloAddress,
    };

    /// <summary>The CONODE_* variables that are set; a malformed one is a <see cref="ConfigException"/> naming it.</summary>
    public static SiloSettings FromEnvironment(ConodeEnvironment environment)
    {
        int? Port(string variable) => environment.GetVariable(variable) is { Length: > 0 } text
            ? CheckPort(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : -1,
                text, problem => new ConfigException("environment", variable, problem))
            : null;

        var address = environment.GetVariable(SiloAddressVariable);
        return new SiloSettings
        {
            PeerPort = Port(PeerPortVariable),
            WebSocketPort = Port(WebSocketPortVariable),
            SiloPort = Port(SiloPortVariable),
            GatewayPort = Port(GatewayPortVariable),
            SiloAddress = string.IsNullOrEmpty(address)
                ? null
                : ParseAddress(address, problem => new ConfigException("environment", SiloAddressVariable, problem)),
        };
    }

    /// <summary>The <c>[Orleans]</c> table of private.toml.</summary>
    internal static SiloSettings FromToml(TomlSection? table)
    {
        if (table is null)
        {
            return new SiloSettings();
        }
        int? Port(string key) => table.OptionalInteger(key) is { } value
            ? CheckPort(value, value.ToString(CultureInfo.InvariantCulture), problem => table.Error(key, problem))
            : null;

        return new SiloSettings
        {
            SiloPort = Port("SiloPort"),
            GatewayPort = Port("GatewayPort"),
            SiloAddress = table.OptionalString("SiloAddress") is { Length: > 0 } address
                ? ParseAddress(address, problem => table.Error("SiloAddress", problem))
                : null,
        };
    }

    internal static int CheckPort(long port, string text, Func<string, ConfigException> error) =>
        port is >= 0 and <= 65535 ? (int)port : throw error($"expected a port number between 0 and 65535, got \"{text}\"");

    private static IPAddress ParseAddress(string text, Func<string, ConfigException> error) =>
        IPAddress.TryParse(text, out var address)
            ? address
            : throw error($"expected the IP address the node's other silos reach this one on, got \"{text}\"");
}
