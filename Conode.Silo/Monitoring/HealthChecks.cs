using Conode.Grains.Diagnostics;
using Conode.Services.Status;
using Conode.Silo.Hosting;
using Conode.Silo.Peers;
using Conode.Silo.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Conode.Silo.Monitoring;

/// <summary>
/// The store takes a real durable write and gives it back (see <see cref="IStoreHealth"/>). One probe at a time: checks
/// that come while one is still waiting on a stuck store wait for its result instead of piling up threads behind it.
/// </summary>
internal sealed class StoreHealthCheck(IStoreHealth store) : IHealthCheck
{
    private readonly Lock _gate = new();
    private Task? _probe;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        Task probe;
        lock (_gate)
        {
            // On the thread pool: the SQLite store blocks the calling thread, and the check must still time out.
            if (_probe is not { IsCompleted: false })
            {
                _probe = Task.Run(() => store.CheckWritableAsync(CancellationToken.None), CancellationToken.None);
            }
            probe = _probe;
        }
        try
        {
            await probe.WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy("writable");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("not writable: " + e.Message);
        }
    }
}

/// <summary>The silo is running and answers a grain call (the node's counters); a stopping node is unhealthy.</summary>
internal sealed class SiloHealthCheck(IGrainFactory grains, NodeOptions node, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("stopping");
        }
        try
        {
            await grains.GetGrain<INodeStatusGrain>(node.NodeKey).GetCounters().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy("grains answer");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("grains do not answer: " + e.Message);
        }
    }
}

/// <summary>
/// What this node knows of its peers without dialling anyone: open connections and the last frame received.
/// Informational: a node whose peers are all down is still a healthy node, so this check never fails.
/// </summary>
internal sealed class PeersHealthCheck(PeerNetwork peers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, object>
        {
            ["connectedPeers"] = peers.ConnectedPeers,
            ["openConnections"] = peers.OpenConnections,
        };
        if (peers.Traffic.SinceLastContact is { } age)
        {
            data["secondsSinceLastContact"] = Math.Round(age.TotalSeconds, 3);
        }
        return Task.FromResult(HealthCheckResult.Healthy($"{peers.ConnectedPeers} peers connected", data));
    }
}

/// <summary>Age of the last protocol round this node led, once there has been one. Informational, like peers:
/// rounds happen when clients ask for them, so a quiet node is not a broken one.</summary>
internal sealed class RoundsHealthCheck(ConodeMetrics metrics) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (metrics.SinceLastRound is not { } age)
        {
            return Task.FromResult(HealthCheckResult.Healthy("no round yet"));
        }
        var data = new Dictionary<string, object> { ["secondsSinceLastRound"] = Math.Round(age.TotalSeconds, 3) };
        return Task.FromResult(HealthCheckResult.Healthy("last round completed", data));
    }
}
