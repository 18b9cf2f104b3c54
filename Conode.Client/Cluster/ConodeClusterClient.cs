using System.Net;
using Conode.Network;
using Conode.Protobuf;
using Conode.Services.Skipchain;
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

    /// <summary>
    /// The protocol rounds the node led since its first start, per protocol (<c>Broadcast</c>, the skipchain ByzCoinX
    /// families such as <c>SkipchainBDNNew</c>/<c>SkipchainBDNFollow</c>): successes, failures, summed duration. Each
    /// silo reports its rounds every 5 s and the node writes them every 10 s, so the latest seconds may be missing
    /// (and are lost if a silo is killed).
    /// </summary>
    public async Task<IReadOnlyList<RoundCounts>> GetRoundCountsAsync() => await Grains.GetGrain<INodeStatusGrain>(NodeKey).GetRoundCounts();

    /// <summary>The IDs (genesis hashes) of every chain whose genesis the node stores, as GetAllSkipChainIDs answers.</summary>
    public async Task<IReadOnlyList<byte[]>> GetChainIdsAsync() =>
        (await Grains.GetGrain<ISkipchainNodeGrain>(NodeKey).GetChainIds()).Select(Convert.FromHexString).ToList();

    /// <summary>Which block sits at which index of chain <paramref name="chainId"/> (empty for a chain the node does not store).</summary>
    public async Task<IReadOnlyList<ChainPosition>> GetChainIndexAsync(byte[] chainId) =>
        await Grains.GetGrain<ISkipchainGrain>(SkipchainGrainKey.Of(chainId)).GetBlocks();

    /// <summary>The head of chain <paramref name="chainId"/>: its latest block stored here, or null for an unknown chain.</summary>
    public async Task<SkipBlock?> GetLatestBlockAsync(byte[] chainId) =>
        await Grains.GetGrain<ISkipchainGrain>(SkipchainGrainKey.Of(chainId)).GetLatest() is { } latest
            ? await GetBlockAsync(Convert.FromHexString(latest.Hash))
            : null;

    /// <summary>
    /// Block <paramref name="blockId"/> with its forward links as stored, or null when the node does not store it.
    /// Read straight from the store: check it with <see cref="Skipchain.SkipchainVerifier"/> where that matters.
    /// </summary>
    public async Task<SkipBlock?> GetBlockAsync(byte[] blockId) =>
        await Grains.GetGrain<ISkipBlockGrain>(SkipchainGrainKey.Of(blockId)).Get() is { } encoded ? DedisProtobuf.Decode<SkipBlock>(encoded) : null;

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
