using Orleans.Concurrency;

namespace Conode.Services.Status;

/// <summary>
/// The node's own counters, kept in one grain per conode identity (key: the ServerIdentity ID in
/// string form) so that every silo of a node reports the same figures.
/// </summary>
public interface INodeStatusGrain : IGrainWithStringKey
{
    /// <summary>Counts one client request answered on <paramref name="path"/> (<c>Service/Method</c>).</summary>
    [OneWay]
    Task RecordClientRequest(string path, bool succeeded);

    /// <summary>Records that a silo of this node started (for the node-wide start counter).</summary>
    Task RecordSiloStart(DateTimeOffset startedAt);

    Task<NodeCounters> GetCounters();

    /// <summary>Adds protocol rounds a silo of this node led and saw end since its last report.</summary>
    Task RecordRounds(RoundCounts[] rounds);

    /// <summary>Every protocol round this node led since its first start, per protocol (written every few seconds).</summary>
    Task<RoundCounts[]> GetRoundCounts();
}

/// <summary>Durable counters of a node, as reported in the Status service's sections.</summary>
[GenerateSerializer, Immutable]
public sealed record NodeCounters(
    [property: Id(0)] DateTimeOffset FirstStart,
    [property: Id(1)] long Starts,
    [property: Id(2)] long ClientRequests,
    [property: Id(3)] long ClientErrors,
    [property: Id(4)] IReadOnlyDictionary<string, long> RequestsByPath);

/// <summary>
/// Protocol rounds a node led, of one protocol (e.g. <c>Broadcast</c>, <c>SkipchainBDNNew</c>): how many ended with
/// success or failure and their summed duration.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RoundCounts(
    [property: Id(0)] string Protocol,
    [property: Id(1)] long Succeeded,
    [property: Id(2)] long Failed,
    [property: Id(3)] TimeSpan TotalDuration)
{
    public long Total => Succeeded + Failed;

    /// <summary>The counts of both (of the same protocol) together.</summary>
    public RoundCounts Add(RoundCounts other) =>
        this with { Succeeded = Succeeded + other.Succeeded, Failed = Failed + other.Failed, TotalDuration = TotalDuration + other.TotalDuration };

    /// <summary>Adds <paramref name="rounds"/> to the counts kept by protocol in <paramref name="byProtocol"/>.</summary>
    public static void AddTo(IDictionary<string, RoundCounts> byProtocol, IEnumerable<RoundCounts> rounds)
    {
        foreach (var round in rounds)
        {
            byProtocol[round.Protocol] = byProtocol.TryGetValue(round.Protocol, out var known) ? known.Add(round) : round;
        }
    }
}
