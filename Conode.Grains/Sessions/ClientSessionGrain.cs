using Conode.Sessions;

namespace Conode.Grains.Sessions;

/// <summary>
/// A client connection's counters and request-rate limit (<see cref="IClientSessionGrain"/>). The gateway calls it
/// once before and once after each request; the bucket refills with the grain's clock.
/// </summary>
[GrainType("conode.client-session")]
public sealed class ClientSessionGrain(TimeProvider clock) : Grain, IClientSessionGrain
{
    private ClientSessionStart? _start;
    private DateTimeOffset _opened;
    private long _requests, _refused, _failed, _bytesIn, _bytesOut;
    private double _tokens;
    private long _lastRefill;

    public Task Open(ClientSessionStart start)
    {
        _start = start;
        _opened = clock.GetUtcNow();
        _tokens = start.Limits.Burst;
        _lastRefill = clock.GetTimestamp();
        return Task.CompletedTask;
    }

    public Task<string?> BeginRequest(int requestBytes)
    {
        var limits = (_start ?? throw new InvalidOperationException("session used before Open")).Limits;
        var now = clock.GetTimestamp();
        _tokens = Math.Min(limits.Burst, _tokens + clock.GetElapsedTime(_lastRefill, now).TotalSeconds * limits.RequestsPerSecond);
        _lastRefill = now;
        _bytesIn += requestBytes;
        if (_tokens < 1)
        {
            _refused++;
            return Task.FromResult<string?>(
                $"too many requests on this connection (limit {limits.RequestsPerSecond:0.##} per second, bursts of {limits.Burst})");
        }
        _tokens--;
        _requests++;
        return Task.FromResult<string?>(null);
    }

    public Task EndRequest(bool succeeded, int replyBytes)
    {
        _failed += succeeded ? 0 : 1;
        _bytesOut += replyBytes;
        return Task.CompletedTask;
    }

    public Task<ClientSessionSnapshot> Snapshot() => Task.FromResult(new ClientSessionSnapshot(
        _start?.Remote ?? "", _start?.Path ?? "", _opened, _requests, _refused, _failed, _bytesIn, _bytesOut));

    public Task Close()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
