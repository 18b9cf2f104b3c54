using System.Collections.Concurrent;
using Conode.Sessions;
using Prometheus;

namespace Conode.Silo.Gateway;

/// <summary>How a client request ended, as the label <c>outcome</c> of <c>conode_client_requests_total</c>.</summary>
public enum ClientRequestOutcome
{
    Ok,
    UnknownService,
    UnknownMethod,
    TooLarge,
    DecodingError,
    ProcessingError,
    InternalError,
    RateLimited,
}

/// <summary>
/// Live figures of this silo's client port: open connections (read by Status) and, for <c>/metrics</c>, requests by
/// service, method and outcome, their latency, and WebSocket payload bytes in and out. At each scrape it also asks
/// the open connections' session grains (<see cref="IClientSessionGrain.Snapshot"/>) for what is going on right
/// now: how many are open, how old the oldest is, and the most requests one of them has made.
/// </summary>
public sealed class ClientPortMetrics
{
    /// <summary>Label for a service or method the client named but this node does not have: what a client sends
    /// never becomes a label value, so it cannot grow the metrics without bound.</summary>
    public const string UnknownLabel = "(unknown)";

    private static readonly string[] OutcomeLabels = Enum.GetValues<ClientRequestOutcome>()
        .Select(o => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(o.ToString())).ToArray();

    private readonly Counter _requests;
    private readonly Histogram _latency;
    private readonly Counter _receivedBytes;
    private readonly Counter _sentBytes;
    /// <summary>How long a scrape waits for the open sessions' snapshots; a session that does not answer is left out.</summary>
    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<Guid, IClientSessionGrain> _sessions = new();
    private readonly TimeProvider _clock;
    private int _openConnections;

    public ClientPortMetrics(CollectorRegistry registry, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        var factory = Metrics.WithCustomRegistry(registry);
        _requests = factory.CreateCounter("conode_client_requests_total",
            "Client requests on the WebSocket port, by service, method and outcome", "service", "method", "outcome");
        _latency = factory.CreateHistogram("conode_client_request_duration_seconds",
            "Time from a client request's last byte until its reply or error is ready to send", new HistogramConfiguration
            {
                LabelNames = ["service", "method"],
                Buckets = Histogram.ExponentialBuckets(0.001, 2, 16),
            });
        _receivedBytes = factory.CreateCounter("conode_client_received_bytes_total",
            "WebSocket message payload bytes received on the client port");
        _sentBytes = factory.CreateCounter("conode_client_sent_bytes_total",
            "WebSocket message payload bytes sent on the client port");
        var connections = factory.CreateGauge("conode_client_connections", "Open WebSocket connections on the client port");
        registry.AddBeforeCollectCallback(() => connections.Set(OpenConnections));
        var sessions = factory.CreateGauge("conode_client_sessions",
            "Open client sessions (WebSocket connections to a service) whose counters were read at this scrape");
        var oldest = factory.CreateGauge("conode_client_session_oldest_age_seconds",
            "Age of the oldest open client session; 0 when none is open");
        var busiest = factory.CreateGauge("conode_client_session_requests_max",
            "Most requests admitted on one open client session; 0 when none is open");
        registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            var open = await SnapshotSessionsAsync(cancellationToken);
            sessions.Set(open.Count);
            oldest.Set(open.Count == 0 ? 0 : (_clock.GetUtcNow() - open.Min(s => s.Opened)).TotalSeconds);
            busiest.Set(open.Count == 0 ? 0 : open.Max(s => s.Requests));
        });
    }

    public int OpenConnections => Volatile.Read(ref _openConnections);

    internal void ConnectionOpened() => Interlocked.Increment(ref _openConnections);

    internal void ConnectionClosed() => Interlocked.Decrement(ref _openConnections);

    /// <summary>A session was opened for a connection; its grain is asked for its counters at each scrape until it closes.</summary>
    internal void SessionOpened(Guid id, IClientSessionGrain session) => _sessions[id] = session;

    internal void SessionClosed(Guid id) => _sessions.TryRemove(id, out _);

    /// <summary>The counters of this silo's open sessions; those that do not answer in time (or close meanwhile) are left out.</summary>
    internal async Task<IReadOnlyList<ClientSessionSnapshot>> SnapshotSessionsAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SnapshotTimeout);
        var snapshots = await Task.WhenAll(_sessions.Values.Select(async session =>
        {
            try
            {
                return await session.Snapshot().WaitAsync(timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException or OrleansException)
            {
                return null;
            }
        }));
        // A grain collected and activated afresh (never opened) knows nothing of its connection.
        return [.. snapshots.OfType<ClientSessionSnapshot>().Where(snapshot => snapshot.Path.Length > 0)];
    }

    internal void Received(int bytes) => _receivedBytes.Inc(bytes);

    internal void Sent(int bytes) => _sentBytes.Inc(bytes);

    /// <summary>A connection to a path of no service: counted, but it has no latency (it is refused at once).</summary>
    internal void UnknownServiceRequested() =>
        _requests.WithLabels(UnknownLabel, UnknownLabel, OutcomeLabels[(int)ClientRequestOutcome.UnknownService]).Inc();

    internal void RequestCompleted(string service, string method, ClientRequestOutcome outcome, TimeSpan elapsed)
    {
        _requests.WithLabels(service, method, OutcomeLabels[(int)outcome]).Inc();
        _latency.WithLabels(service, method).Observe(elapsed.TotalSeconds);
    }
}
