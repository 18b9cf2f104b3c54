using System.Net;
using Conode.Network;
using Conode.Services.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Conode.Client.Cluster;

/// <summary>
/// Where an operator's node runs. PostgreSQL mode: the same connection string the silos use (their membership table
/// tells where the gateways are). Embedded mode: the gateway endpoints of the silos (private.toml
/// <c>[Orleans] GatewayPort</c>, closed by default).
/// </summary>
public sealed record ConodeClusterOptions
{
    /// <summary>The node's identity (from its public.toml); it names the node's cluster and its node-wide grains.</summary>
    public required ServerIdentity Node { get; init; }

    public string? PostgreSql { get; init; }

    public IReadOnlyList<IPEndPoint> Gateways { get; init; } = [];

    /// <summary>The cluster ID and service ID the node's silos use: <c>conode-&lt;hex public key&gt;</c>.</summary>
    public string ClusterId => "conode-" + Convert.ToHexStringLower(
        (Node.Public ?? throw new ArgumentException("the node identity has no public key")).MarshalBinary());
}

/// <summary>
/// An Orleans client of an operator's own conode cluster, for admin reads straight from the grains (no WebSocket,
/// no conode protocol): the node's counters, its chains and their heads. Only for the operator: whoever reaches the
/// silos' gateway port or database can read everything the node stores.
/// </summary>
public sealed class ConodeClusterClient : IAsyncDisposable
{
    private const string NpgsqlInvariant = "Npgsql";

    private readonly IHost _host;
    private readonly ConodeClusterOptions _options;

    private ConodeClusterClient(IHost host, ConodeClusterOptions options)
    {
        _host = host;
        _options = options;
        Grains = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The raw grain factory, for reads this class does not offer.</summary>
    public IClusterClient Grains { get; }

    /// <summary>The node-wide grains' key: the node's ServerIdentity ID.</summary>
    public string NodeKey => _options.Node.Id.ToString();

    /// <summary>Connects to the cluster; fails if no gateway answers within <paramref name="cancellationToken"/>'s time.</summary>
    public static async Task<ConodeClusterClient> ConnectAsync(ConodeClusterOptions options, CancellationToken cancellationToken = default)
    {
        if (options.PostgreSql is null && options.Gateways.Count == 0)
        {
            throw new ArgumentException("give the node's PostgreSQL connection string or its silos' gateway endpoints", nameof(options));
        }
        // No default configuration sources or console logging: this is a library inside the operator's program.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ClusterId;
            });
            if (options.PostgreSql is { } database)
            {
                client.UseAdoNetClustering(ado =>
                {
                    ado.Invariant = NpgsqlInvariant;
                    ado.ConnectionString = database;
                });
            }
            else
            {
                client.UseStaticClustering(options.Gateways.ToArray());
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new ConodeClusterClient(host, options);
    }

    /// <summary>The node's durable counters (starts, client requests by path), as the Status service reads them.</summary>
    public Task<NodeCounters> GetNodeCountersAsync() => Grains.GetGrain<INodeStatusGrain>(NodeKey).GetCounters();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
