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
}

/// <summary>
/// Live figures of this silo's client port: open connections (read by Status) and, for <c>/metrics</c>, requests by
/// service, method and outcome, their latency, and WebSocket payload bytes in and out.
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
    private int _openConnections;

    public ClientPortMetrics(CollectorRegistry registry)
    {
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
    }

    public int OpenConnections => Volatile.Read(ref _openConnections);

    internal void ConnectionOpened() => Interlocked.Increment(ref _openConnections);

    internal void ConnectionClosed() => Interlocked.Decrement(ref _openConnections);

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
