using Conode.Network;
using Conode.Silo.Config;

namespace Conode.Silo.Cli;

/// <summary>Runs the conode for <c>conode server</c> once the config is loaded and valid.</summary>
public interface IServerRunner
{
    /// <summary>Runs until <paramref name="cancellationToken"/> fires or the node stops; returns the exit status.</summary>
    /// <param name="silo">This process's ports and silo address from the command line (unset values: environment, then private.toml).</param>
    Task<int> RunAsync(PrivateConfig config, string configPath, int debugLevel, SiloSettings silo, CancellationToken cancellationToken);
}

/// <summary>Outcome of one Status request for <c>conode check</c>.</summary>
public sealed record ProbeResult(bool Reachable, string? Error, TimeSpan Latency)
{
    public static ProbeResult Ok(TimeSpan latency) => new(true, null, latency);

    public static ProbeResult Failed(string error, TimeSpan latency) => new(false, error, latency);
}

/// <summary>Sends one Status <c>Request</c> to a server over its WebSocket (URL rule of onet-wire.md §6.6).</summary>
public interface IStatusProbe
{
    /// <summary>
    /// Should give up by itself after <paramref name="timeout"/>; <c>check</c> also stops waiting then and cancels
    /// <paramref name="cancellationToken"/>. Exceptions are reported as that server's error.
    /// </summary>
    Task<ProbeResult> ProbeAsync(GroupServer server, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>
/// The Internet-facing part of interactive setup. Go asks https://blog.dedis.ch/portscan.php for the public IP and
/// for an outside port scan; this build must work without Internet access, so the step is pluggable.
/// </summary>
public interface IPublicAddressDiscovery
{
    /// <summary>Q1 gave no host: the public IP, or null to ask the operator (Q2). May explain itself on <paramref name="log"/>.</summary>
    Task<string?> DiscoverPublicHostAsync(int port, TextWriter log, CancellationToken cancellationToken);

    /// <summary>
    /// The public address is not a private/loopback IP: null if it may be used, else the reason to ask the
    /// operator (Q2) instead.
    /// </summary>
    Task<string?> CheckReachableAsync(ConodeAddress publicAddress, ConodeAddress binding, TextWriter log, CancellationToken cancellationToken);
}

/// <summary>
/// Default discovery: contacts nothing. Unlike Go, no host in Q1 goes straight to Q2 (default 127.0.0.1), and a
/// public address typed by the operator is accepted without the outside port scan.
/// </summary>
public sealed class OfflineAddressDiscovery : IPublicAddressDiscovery
{
    public Task<string?> DiscoverPublicHostAsync(int port, TextWriter log, CancellationToken cancellationToken)
    {
        log.Write("This conode does not look up its public IP on the Internet; please give it below.\n");
        return Task.FromResult<string?>(null);
    }

    public Task<string?> CheckReachableAsync(
        ConodeAddress publicAddress, ConodeAddress binding, TextWriter log, CancellationToken cancellationToken)
    {
        log.Write($"Not checking from the Internet whether {publicAddress} is reachable: make sure port {publicAddress.Port} (and {publicAddress.Port + 1} for clients) is open.\n");
        return Task.FromResult<string?>(null);
    }
}
