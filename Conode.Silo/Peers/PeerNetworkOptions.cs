namespace Conode.Silo.Peers;

/// <summary>Where the conode port listens and the limits of its connections; defaults are onet v3.2.10's.</summary>
public sealed record PeerNetworkOptions
{
    /// <summary>Bind host (IP or name); empty = all interfaces, as Go's <c>:port</c>.</summary>
    public string ListenHost { get; init; } = "";

    public required int ListenPort { get; init; }

    /// <summary>Longest wait for the next frame (and for the rest of it); idle connections close after it.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A dialer must finish TLS and send its identity within this time.</summary>
    public TimeSpan AcceptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Per attempt, TCP connect and TLS handshake together. Go v3.2.10 allows 1 s (v3.2.9: 1 min); a busy node
    /// can need more for a TLS handshake, and only our own dialer waits on it, so we allow 5 s.
    /// </summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public int DialAttempts { get; init; } = 5;

    public TimeSpan DialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Frames waiting per peer before <see cref="PeerNetwork.SendAsync"/> waits for room.</summary>
    public int SendQueueCapacity { get; init; } = 256;

    public int MaxPacketSize { get; init; } = PeerFraming.MaxPacketSize;
}
