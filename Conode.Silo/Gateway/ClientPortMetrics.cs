namespace Conode.Silo.Gateway;

/// <summary>Live figures of this silo's client port, read by Status (and metrics).</summary>
public sealed class ClientPortMetrics
{
    private int _openConnections;

    public int OpenConnections => Volatile.Read(ref _openConnections);

    internal void ConnectionOpened() => Interlocked.Increment(ref _openConnections);

    internal void ConnectionClosed() => Interlocked.Decrement(ref _openConnections);
}
