using System.Net;
using Conode.Silo.Storage.Postgres;

namespace Conode.Silo.Hosting;

/// <summary>
/// Everything the running node needs, resolved from private.toml and the command line before the host
/// starts (ports computed, paths absolute), so hosting code never re-parses configuration.
/// </summary>
public sealed record NodeOptions
{
    /// <summary>The node's keys and public identity.</summary>
    public required NodeIdentity Identity { get; init; }

    /// <summary>Key of the node-wide grains: the ServerIdentity ID in string form.</summary>
    public string NodeKey => Identity.GrainKey;

    /// <summary>Conode-to-conode address as published, e.g. <c>tls://127.0.0.1:7770</c>.</summary>
    public string Address => Identity.ServerIdentity.Address;

    public string Description => Identity.ServerIdentity.Description;

    /// <summary><c>tls</c> or <c>tcp</c>, from the address scheme.</summary>
    public required string ConnType { get; init; }

    public required string PeerHost { get; init; }

    public required int PeerPort { get; init; }

    /// <summary>Where the conode port binds (private.toml ListenAddress): empty host = all interfaces.</summary>
    public string PeerListenHost { get; init; } = "";

    /// <summary>Port the conode port binds; null = <see cref="PeerPort"/>.</summary>
    public int? PeerListenPort { get; init; }

    /// <summary>Where the client WebSocket port listens (Go: all interfaces).</summary>
    public IPAddress WebSocketBindAddress { get; init; } = IPAddress.Any;

    /// <summary>Conode port + 1, or the port of URL when one is configured.</summary>
    public required int WebSocketPort { get; init; }

    /// <summary>TLS certificate of the client port (<c>[file://]path</c> or <c>string://PEM</c>); empty for plain HTTP.</summary>
    public string WebSocketTlsCertificate { get; init; } = "";

    /// <summary>Its private key, same forms.</summary>
    public string WebSocketTlsCertificateKey { get; init; } = "";

    /// <summary>Folder of the node's database; created (0750) at start.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The SQLite store, <c>&lt;hex sha256(public key)&gt;.db</c> in <see cref="DataDirectory"/>.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>
    /// When set, grain state and cluster membership live in this PostgreSQL database instead of the SQLite
    /// file, and every silo started with the same identity and database joins one cluster.
    /// </summary>
    public PostgresConnectionString? PostgreSql { get; init; }

    /// <summary>The node's store, for logs: the SQLite file or the PostgreSQL database (without password).</summary>
    public string StoreDescription => PostgreSql?.Description ?? DatabasePath;

    /// <summary>
    /// Orleans cluster id and service id: derived from the node's public key, so the silos of one node form one
    /// cluster and nodes sharing a database never join each other's, nor read each other's grain state.
    /// </summary>
    public string ClusterId => "conode-" + Identity.Key.Public.ToHex();

    /// <summary>Orleans silo-to-silo port; 0 picks a free port (fine for a node of one silo, or silos on one host).</summary>
    public int OrleansSiloPort { get; init; }

    /// <summary>Orleans client gateway port; 0 leaves the gateway closed.</summary>
    public int OrleansGatewayPort { get; init; }

    /// <summary>The IP the node's other silos reach this silo on; the silo port binds it. Loopback unless configured.</summary>
    public IPAddress SiloAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Verbosity 0–5 of <c>-d</c>.</summary>
    public int DebugLevel { get; init; }

    /// <summary>Console log lines as text (Go's look) or one JSON object each (<c>CONODE_LOG_FORMAT=json</c>).</summary>
    public LogFormat LogFormat { get; init; }

    /// <summary>Where <c>/metrics</c> and <c>/health</c> are served (private.toml <c>[Metrics] ListenAddress</c>);
    /// null = not served.</summary>
    public IPEndPoint? MetricsEndpoint { get; init; }

    /// <summary>How long a signing round's record is kept past its deadline (CONODE_COSI_RECORD_RETENTION); null: the default.</summary>
    public TimeSpan? CosiRecordRetention { get; init; }

    /// <summary>Reads CONODE_COSI_RECORD_RETENTION: a number of seconds, 0 or more; null or empty: not set.</summary>
    public static TimeSpan? ParseCosiRecordRetention(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        return double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0 && seconds <= TimeSpan.FromDays(365).TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"{Grains.Cosi.ByzCoinXRecordOptions.RetentionVariable}=\"{value}\": expected a number of seconds, 0 or more");
    }

    /// <summary>Reported as <c>Conode.version</c> in Status and by <c>conode --version</c>.</summary>
    public string Version { get; init; } = ConodeVersion.Current;
}
