using Microsoft.Extensions.Logging;

namespace Conode.Grains;

/// <summary>
/// Writes a grain's state on a timer and at deactivation instead of on every change: for state that is statistics or
/// can be rebuilt (counters, indexes), where a write per call would cost an fsync per request; the periodic write does
/// not wait for the disk either (<see cref="SyncedByNextWrite"/>). A failed write is logged and retried on the next
/// tick; it never takes the grain down.
/// </summary>
public sealed class DeferredStateWriter<TState>(IPersistentState<TState> state, ILogger logger, string what)
{
    private bool _dirty;

    /// <summary>The state changed and is due to be written.</summary>
    public void MarkChanged() => _dirty = true;

    public bool HasUnwrittenChanges => _dirty;

    /// <summary>Writes now and clears the pending change (for changes that must not wait).</summary>
    public async Task WriteNowAsync()
    {
        await state.WriteStateAsync();
        _dirty = false;
    }

    /// <summary>Starts the periodic write on <paramref name="grain"/>; call from OnActivateAsync.</summary>
    public void Start(Grain grain, TimeSpan period) =>
        grain.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(period, period) { Interleave = false });

    /// <summary>Writes the state if it changed since the last write; call from OnDeactivateAsync too.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }
        try
        {
            await SyncedByNextWrite.RunAsync(() => state.WriteStateAsync(cancellationToken));
            _dirty = false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not persist {What}; will retry", what);
        }
    }
}
