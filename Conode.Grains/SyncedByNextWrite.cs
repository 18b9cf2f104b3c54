using Orleans.Runtime;

namespace Conode.Grains;

/// <summary>
/// A grain write that does not wait for the disk: committed at once, so it survives the process (kill -9), and made
/// durable against power loss by the store's next synced write, the store writing in order (SQLite's WAL). For a block
/// whose link is written right after (one sync for both), and for records that lose nothing when a power loss takes
/// them (a signing run's record, rebuildable indexes, counters). The store learns it from the request context of the
/// write; a store that syncs every write (PostgreSQL) ignores it.
/// </summary>
public static class SyncedByNextWrite
{
    /// <summary>Request-context key the embedded store reads during a write.</summary>
    public const string ContextKey = "conode.synced-by-next-write";

    /// <summary>Writes the state; when <paramref name="syncedByNext"/>, without waiting for the disk.</summary>
    public static Task WriteStateAsync<TState>(IPersistentState<TState> state, bool syncedByNext) =>
        syncedByNext ? RunAsync(() => state.WriteStateAsync()) : state.WriteStateAsync();

    /// <summary>Runs <paramref name="writes"/> (writes or clears of grain state) without waiting for the disk.</summary>
    public static async Task RunAsync(Func<Task> writes)
    {
        RequestContext.Set(ContextKey, true);
        try
        {
            await writes();
        }
        finally
        {
            RequestContext.Remove(ContextKey);
        }
    }

    /// <summary>Whether the write under way may skip waiting for the disk.</summary>
    public static bool IsRequested => RequestContext.Get(ContextKey) is true;
}
