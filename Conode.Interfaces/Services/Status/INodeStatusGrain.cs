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
}

/// <summary>Durable counters of a node, as reported in the Status service's sections.</summary>
[GenerateSerializer, Immutable]
public sealed record NodeCounters(
    [property: Id(0)] DateTimeOffset FirstStart,
    [property: Id(1)] long Starts,
    [property: Id(2)] long ClientRequests,
    [property: Id(3)] long ClientErrors,
    [property: Id(4)] IReadOnlyDictionary<string, long> RequestsByPath);
