using Conode.Grains.Diagnostics;
using Conode.Silo.Hosting;
using Conode.Silo.Peers;
using Prometheus;

namespace Conode.Silo.Monitoring;

/// <summary>
/// Fills the node's Prometheus registry with what is counted elsewhere, read at each scrape rather than counted
/// twice: the conode port's traffic and connections (<see cref="PeerNetwork"/>), the grains' instruments
/// (<see cref="ConodeMetrics"/>, through prometheus-net's meter adapter) and the process's own figures.
/// The client port records into the same registry itself (<see cref="Gateway.ClientPortMetrics"/>).
/// </summary>
public sealed class NodeMetricsExport : IDisposable
{
    /// <summary>Round durations run from a few milliseconds to minutes (timeouts).</summary>
    private static readonly double[] RoundBuckets = Histogram.ExponentialBuckets(0.005, 2, 16);

    private readonly IDisposable _meterAdapter;

    public NodeMetricsExport(CollectorRegistry registry, PeerNetwork peers, NodeOptions node, ConodeMetrics grainMetrics)
    {
        Registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);
        factory.CreateGauge("conode_info", "Always 1; the labels say which node and version this is", "address", "version")
            .WithLabels(node.Address, node.Version).Set(1);
        var received = factory.CreateCounter("conode_peer_received_bytes_total",
            "Frame bytes received on the conode port (Status RX_bytes)");
        var sent = factory.CreateCounter("conode_peer_sent_bytes_total", "Frame bytes sent on the conode port (Status TX_bytes)");
        var connections = factory.CreateGauge("conode_peer_connections",
            "Open connections on the conode port, both directions");
        var connectedPeers = factory.CreateGauge("conode_peers_connected", "Peers with at least one open, identified connection");
        registry.AddBeforeCollectCallback(() =>
        {
            received.IncTo(peers.Traffic.ReceivedBytes);
            sent.IncTo(peers.Traffic.SentBytes);
            connections.Set(peers.OpenConnections);
            connectedPeers.Set(peers.ConnectedPeers);
        });
        DotNetStats.Register(registry);

        // Only this host's meter: other hosts in the same process (tests) have their own, of the same name.
        var grainMeter = grainMetrics.Meter;
        _meterAdapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            MetricFactory = null,
            InstrumentFilterPredicate = instrument => instrument.Meter == grainMeter,
            ResolveHistogramBuckets = _ => RoundBuckets,
            // The longest the adapter allows: a series idle for less than a day stays on the page.
            MetricsExpireAfter = TimeSpan.FromDays(1),
        });
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => _meterAdapter.Dispose();
}
