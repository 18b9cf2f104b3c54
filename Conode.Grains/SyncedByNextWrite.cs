using Orleans.Runtime;

namespace Conode.Grains;

/// <summary>
/// A grain write that does not wait for the disk because its caller writes to the same store right after and waits
/// for that write: a store that writes in order (SQLite's WAL) makes both durable with one sync. The store learns it
/// from the request context of the write; a store that syncs every write (PostgreSQL) ignores it.
/// </summary>
public static class SyncedByNextWrite
{
    /// <summary>Request-context key the embedded store reads during a write.</summary>
    public const string ContextKey = "conode.synced-by-next-write";

    /// <summary>Writes the state; when <paramref name="syncedByNext"/>, without waiting for the disk.</summary>
    public static async Task WriteStateAsync<TState>(IPersistentState<TState> state, bool syncedByNext)
    {
        if (!syncedByNext)
        {
            await state.WriteStateAsync();
            return;
        }
        RequestContext.Set(ContextKey, true);
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            RequestContext.Remove(ContextKey);
        }
    }

    /// <summary>Whether the write under way may skip waiting for the disk.</summary>
    public static bool IsRequested => RequestContext.Get(ContextKey) is true;
}
