namespace Conode.Sessions;

/// <summary>
/// One client WebSocket connection, from accept to close: what it asked, what it was answered, and the per-connection
/// request-rate limit. Keyed by a fresh ID per connection; lives in memory only (a connection does not outlive its
/// silo, so there is nothing to recover).
/// </summary>
public interface IClientSessionGrain : IGrainWithGuidKey
{
    Task Open(ClientSessionStart start);

    /// <summary>Admits one request of <paramref name="requestBytes"/>; returns why not when the connection is over its limit.</summary>
    Task<string?> BeginRequest(int requestBytes);

    Task EndRequest(bool succeeded, int replyBytes);

    Task<ClientSessionSnapshot> Snapshot();

    /// <summary>The connection closed: forget the session.</summary>
    Task Close();
}

/// <summary>Who opened a session, on which path, with which limit.</summary>
[GenerateSerializer, Immutable]
public sealed record ClientSessionStart(
    [property: Id(0)] string Remote,
    [property: Id(1)] string Path,
    [property: Id(2)] ClientSessionLimits Limits);

/// <summary>
/// A token bucket per connection: <paramref name="RequestsPerSecond"/> on average, bursts of up to
/// <paramref name="Burst"/>. Go conodes set no limit; one client hammering one connection should not starve the rest.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ClientSessionLimits(
    [property: Id(0)] double RequestsPerSecond,
    [property: Id(1)] int Burst)
{
    public static ClientSessionLimits Default { get; } = new(RequestsPerSecond: 100, Burst: 200);
}

[GenerateSerializer, Immutable]
public sealed record ClientSessionSnapshot(
    [property: Id(0)] string Remote,
    [property: Id(1)] string Path,
    [property: Id(2)] DateTimeOffset Opened,
    [property: Id(3)] long Requests,
    [property: Id(4)] long Refused,
    [property: Id(5)] long Failed,
    [property: Id(6)] long BytesIn,
    [property: Id(7)] long BytesOut);
