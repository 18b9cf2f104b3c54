using System.Collections.Concurrent;
using System.Diagnostics;
using Conode.Network;

namespace Conode.Silo.Peers;

/// <summary>Bytes of frames (length header included) exchanged with one peer.</summary>
public sealed class PeerCounters
{
    private long _received;
    private long _sent;

    public long ReceivedBytes => Interlocked.Read(ref _received);

    public long SentBytes => Interlocked.Read(ref _sent);

    internal void AddReceived(long bytes) => Interlocked.Add(ref _received, bytes);

    internal void AddSent(long bytes) => Interlocked.Add(ref _sent, bytes);
}

/// <summary>
/// Conode-to-conode traffic of this process, in total and per peer (by ServerIdentity ID), as Go's router counts
/// it for Status <c>TX_bytes</c>/<c>RX_bytes</c>: frame bytes, closed connections included.
/// </summary>
public sealed class PeerTraffic
{
    private readonly PeerCounters _total = new();
    private readonly ConcurrentDictionary<Uuid, PeerCounters> _peers = new();
    private long _lastReceivedTimestamp;

    public long ReceivedBytes => _total.ReceivedBytes;

    /// <summary>Time since a frame last came from a peer that had identified itself, or null if none ever did.</summary>
    public TimeSpan? SinceLastContact
    {
        get
        {
            var last = Interlocked.Read(ref _lastReceivedTimestamp);
            return last == 0 ? null : Stopwatch.GetElapsedTime(last);
        }
    }

    public long SentBytes => _total.SentBytes;

    public IReadOnlyDictionary<Uuid, PeerCounters> ByPeer => _peers;

    /// <summary>Bytes received before the peer identified itself count in the total only.</summary>
    internal void Received(Uuid? peer, long bytes)
    {
        _total.AddReceived(bytes);
        if (peer is { } id)
        {
            _peers.GetOrAdd(id, _ => new PeerCounters()).AddReceived(bytes);
            Interlocked.Exchange(ref _lastReceivedTimestamp, Stopwatch.GetTimestamp());
        }
    }

    internal void Sent(Uuid peer, long bytes)
    {
        _total.AddSent(bytes);
        _peers.GetOrAdd(peer, _ => new PeerCounters()).AddSent(bytes);
    }
}
