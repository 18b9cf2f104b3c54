using System.Diagnostics;
using System.Diagnostics.Metrics;
using Conode.Services.Status;

namespace Conode.Grains.Diagnostics;

/// <summary>
/// What grains report about their work: protocol rounds and stored blocks. Plain System.Diagnostics.Metrics
/// instruments on the meter <see cref="MeterName"/>, so grains need no exporter; the silo publishes them on
/// <c>/metrics</c> and reads <see cref="SinceLastRound"/> for <c>/health</c>. One instance per node (a DI singleton).
/// </summary>
public sealed class ConodeMetrics
{
    /// <summary>Name of the meter; exported metric names start with it (<c>conode_…</c>).</summary>
    public const string MeterName = "conode";

    private readonly Histogram<double> _roundDuration;
    private long _blocksStored;
    private long _lastRoundTimestamp;

    /// <summary>Rounds ended since the last <see cref="TakeUnreportedRounds"/>, by protocol; the lock is the dictionary.</summary>
    private readonly Dictionary<string, RoundCounts> _unreported = new(StringComparer.Ordinal);

    public ConodeMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _roundDuration = Meter.CreateHistogram<double>("round_duration_seconds", "s",
            "Duration of protocol rounds this node ran as root, by protocol and outcome");
        Meter.CreateObservableCounter("skipchain_blocks_stored", () => BlocksStored, "{block}",
            "Skipchain blocks this node stored since it started");
    }

    /// <summary>The meter all instruments above live on (the silo's exporter listens to it).</summary>
    public Meter Meter { get; }

    /// <summary>Blocks stored since the process started (exported as <c>conode_skipchain_blocks_stored</c>).</summary>
    public long BlocksStored => Interlocked.Read(ref _blocksStored);

    /// <summary>Time since a round last completed (either outcome), or null before the first one.</summary>
    public TimeSpan? SinceLastRound
    {
        get
        {
            var last = Interlocked.Read(ref _lastRoundTimestamp);
            return last == 0 ? null : Stopwatch.GetElapsedTime(last);
        }
    }

    /// <summary>A round this node led has ended: <paramref name="protocol"/> is its name (e.g. <c>Broadcast</c>,
    /// <c>bftcosi</c>), a fixed set decided by code, never by what a peer or client sent.</summary>
    public void RoundCompleted(string protocol, TimeSpan duration, bool success)
    {
        _roundDuration.Record(duration.TotalSeconds,
            new KeyValuePair<string, object?>("protocol", protocol),
            new KeyValuePair<string, object?>("outcome", success ? "success" : "failure"));
        Interlocked.Exchange(ref _lastRoundTimestamp, Stopwatch.GetTimestamp());
        ReturnUnreportedRounds([new RoundCounts(protocol, success ? 1 : 0, success ? 0 : 1, duration)]);
    }

    /// <summary>
    /// The rounds that ended since the last call, per protocol, for the node's durable counts
    /// (<see cref="INodeStatusGrain.RecordRounds"/>); the silo reports them every few seconds.
    /// </summary>
    public RoundCounts[] TakeUnreportedRounds()
    {
        lock (_unreported)
        {
            var rounds = _unreported.Values.ToArray();
            _unreported.Clear();
            return rounds;
        }
    }

    /// <summary>Puts back rounds taken by <see cref="TakeUnreportedRounds"/> that could not be reported.</summary>
    public void ReturnUnreportedRounds(IEnumerable<RoundCounts> rounds)
    {
        lock (_unreported)
        {
            RoundCounts.AddTo(_unreported, rounds);
        }
    }

    /// <summary>A block was written to this node's store.</summary>
    public void BlockStored() => Interlocked.Increment(ref _blocksStored);
}
