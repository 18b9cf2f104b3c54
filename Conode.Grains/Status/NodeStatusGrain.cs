using Conode.Services.Status;
using Microsoft.Extensions.Logging;

namespace Conode.Grains.Status;

/// <summary>Durable state of <see cref="NodeStatusGrain"/>; its JSON form is an on-disk format.</summary>
public sealed class NodeStatusState
{
    public DateTimeOffset FirstStart { get; set; }
    public long Starts { get; set; }
    public long ClientRequests { get; set; }
    public long ClientErrors { get; set; }
    public Dictionary<string, long> RequestsByPath { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Protocol rounds the node led, by protocol name (absent in stores written before it existed).</summary>
    public Dictionary<string, RoundCounts> Rounds { get; set; } = new(StringComparer.Ordinal);
}

[GrainType("conode.node-status")]
public sealed class NodeStatusGrain(
    [PersistentState("counters", StorageNames.Default)] IPersistentState<NodeStatusState> state,
    ILogger<NodeStatusGrain> logger) : Grain, INodeStatusGrain
{
    /// <summary>Request counters are flushed on this period rather than per request: they are statistics, not ledger data.</summary>
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(10);

    private readonly DeferredStateWriter<NodeStatusState> _writer = new(state, logger, "the node's request counters");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer.Start(this, FlushPeriod);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writer.FlushAsync(cancellationToken);

    public Task RecordClientRequest(string path, bool succeeded)
    {
        var counters = state.State;
        counters.ClientRequests++;
        if (!succeeded)
        {
            counters.ClientErrors++;
        }
        counters.RequestsByPath[path] = counters.RequestsByPath.GetValueOrDefault(path) + 1;
        _writer.MarkChanged();
        return Task.CompletedTask;
    }

    public async Task RecordSiloStart(DateTimeOffset startedAt)
    {
        var counters = state.State;
        if (counters.Starts == 0)
        {
            counters.FirstStart = startedAt;
        }
        counters.Starts++;
        await _writer.WriteNowAsync();
    }

    public Task<NodeCounters> GetCounters()
    {
        var counters = state.State;
        return Task.FromResult(new NodeCounters(counters.FirstStart, counters.Starts, counters.ClientRequests,
            counters.ClientErrors, new Dictionary<string, long>(counters.RequestsByPath, StringComparer.Ordinal)));
    }

    public Task RecordRounds(RoundCounts[] rounds)
    {
        RoundCounts.AddTo(state.State.Rounds, rounds);
        _writer.MarkChanged();
        return Task.CompletedTask;
    }

    public Task<RoundCounts[]> GetRoundCounts() =>
        Task.FromResult(state.State.Rounds.Values.OrderBy(round => round.Protocol, StringComparer.Ordinal).ToArray());

}
