using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Conode.Silo.Storage;

/// <summary>
/// The only writer of a store file. Writes queue here and one thread applies whatever is queued in one transaction
/// (group commit): writes that arrive together share one fsync instead of taking turns on SQLite's write lock, whose
/// busy handler sleeps in steps of milliseconds. A write completes only once the commit holding it has reached the
/// disk (<c>synchronous=FULL</c>); a write that throws is undone alone (a savepoint each), the rest of its batch
/// commits. Writes are applied in the order they were queued. A write queued as not durable
/// (<see cref="Conode.Grains.SyncedByNextWrite"/>) completes once committed; a batch of only such writes is committed
/// without a sync (<c>synchronous=NORMAL</c>), and the next synced commit makes it durable, the WAL being written and
/// synced in order.
/// </summary>
internal sealed class SqliteWriteQueue : IDisposable
{
    /// <summary>Most writes per transaction: a bound on how long the first of a batch waits for the last.</summary>
    private const int MaxBatch = 256;

    private readonly string _connectionString;
    private readonly BlockingCollection<PendingWrite> _queue = new();
    private readonly Thread _thread;
    private SqliteConnection? _connection;
    private bool _synced;
    private int _disposed;

    public SqliteWriteQueue(string connectionString)
    {
        _connectionString = connectionString;
        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite writer" };
        _thread.Start();
    }

    /// <summary>
    /// Runs <paramref name="write"/> on a command bound to the writer's transaction; the result comes back once its
    /// transaction is durable. Exceptions of <paramref name="write"/> come back as they are.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteCommand, T> write, bool durable = true)
    {
        var pending = new PendingWrite(command => write(command), durable);
        try
        {
            _queue.Add(pending);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(SqliteWriteQueue), "the store is closed");
        }
        return (T)(await pending.Completion.Task)!;
    }

    /// <summary>Applies what is queued, then stops the writer thread. Idempotent: the container disposes the store
    /// once for every service it is registered as.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _queue.CompleteAdding();
        _thread.Join();
        _connection?.Dispose();
        _queue.Dispose();
    }

    private void Run()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            batch.Clear();
            batch.Add(first);
            while (batch.Count < MaxBatch && _queue.TryTake(out var next))
            {
                batch.Add(next);
            }
            Commit(batch);
        }
    }

    private void Commit(List<PendingWrite> batch)
    {
        var outcomes = new (object? Result, Exception? Error)[batch.Count];
        try
        {
            var connection = _connection ??= Open();
            SetSynchronous(connection, batch.Exists(pending => pending.Durable));
            using var transaction = connection.BeginTransaction(deferred: false);
            for (var i = 0; i < batch.Count; i++)
            {
                transaction.Save("w");
                try
                {
                    using var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    outcomes[i] = (batch[i].Apply(command), null);
                    transaction.Release("w");
                }
                catch (Exception e)
                {
                    transaction.Rollback("w");
                    transaction.Release("w");
                    outcomes[i] = (null, e);
                }
            }
            transaction.Commit();
        }
        catch (Exception e)
        {
            // Nothing of the batch is known to be on disk: every write of it fails, and the next batch starts afresh.
            _connection?.Dispose();
            _connection = null;
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(e);
            }
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Error is { } error)
            {
                batch[i].Completion.TrySetException(error);
            }
            else
            {
                batch[i].Completion.TrySetResult(outcomes[i].Result);
            }
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = SqliteGrainStorage.ConnectionPragmas;
        pragma.ExecuteNonQuery();
        _synced = true;
        return connection;
    }

    private void SetSynchronous(SqliteConnection connection, bool synced)
    {
        if (synced == _synced)
        {
            return;
        }
        using var pragma = connection.CreateCommand();
        pragma.CommandText = synced ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
        pragma.ExecuteNonQuery();
        _synced = synced;
    }

    private sealed class PendingWrite(Func<SqliteCommand, object?> apply, bool durable)
    {
        public Func<SqliteCommand, object?> Apply { get; } = apply;

        public bool Durable { get; } = durable;

        // Continuations run on the thread pool, never on the writer thread.
        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
