using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Conode.Services.Status;
using Conode.Silo.Gateway;
using Conode.Silo.Hosting;
using Conode.Silo.Peers;
using Conode.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Conode.Silo.Services.Status;

/// <summary>
/// The Status service (cothority-services.md §5): <c>/Status/Request</c> answers with the sections a Go
/// conode reports (<c>Conode</c>, <c>Generic</c>, <c>Db</c>), filled from this node's real figures.
/// </summary>
public sealed class StatusService : ClientService
{
    private readonly NodeOptions _node;
    private readonly INodeStatusGrain _counters;
    private readonly IStoreStatistics _store;
    private readonly ClientPortMetrics _clientPort;
    private readonly PeerTraffic _peerTraffic;
    private readonly Lazy<string> _serviceNames;
    private readonly IReadOnlyList<IStatusReporter> _reporters;

    public StatusService(NodeOptions node, IGrainFactory grains, IStoreStatistics store, ClientPortMetrics clientPort,
        PeerTraffic peerTraffic, ConnectivityCheck connectivity, IEnumerable<IStatusReporter> reporters, IServiceProvider services)
        : base("Status")
    {
        _reporters = [.. reporters];
        _peerTraffic = peerTraffic;
        _node = node;
        _counters = grains.GetGrain<INodeStatusGrain>(node.NodeKey);
        _store = store;
        _clientPort = clientPort;
        // Resolved on first use: the list of services includes this one, so it cannot be a constructor argument.
        _serviceNames = new Lazy<string>(() => string.Join(",",
            services.GetServices<IClientService>().Select(s => s.Name).Order(StringComparer.Ordinal)));
        Handle<StatusRequest, StatusResponse>(GetStatusAsync);
        Handle<CheckConnectivity, CheckConnectivityReply>(connectivity.CheckAsync);
    }

    private async Task<StatusResponse> GetStatusAsync(StatusRequest request, CancellationToken cancellationToken)
    {
        var counters = await _counters.GetCounters();
        var sections = new Dictionary<string, OnetStatus>(StringComparer.Ordinal)
        {
            ["Conode"] = Section(("version", _node.Version)),
            ["Generic"] = Section(
                ("Available_Services", _serviceNames.Value),
                // Conode-to-conode frame bytes since start, as Go's router counts them.
                ("TX_bytes", Number(_peerTraffic.SentBytes)),
                ("RX_bytes", Number(_peerTraffic.ReceivedBytes)),
                ("Uptime", GoDuration.Format(DateTime.Now - ProcessStart.Value)),
                ("System", SystemString()),
                ("Host", _node.PeerHost),
                ("Port", Number(_node.PeerPort)),
                ("Description", _node.Description),
                ("ConnType", _node.ConnType),
                // Go reports goroutines; the nearest .NET figure is the process's thread count.
                ("GoRoutines", Number(ThreadCount())),
                ("GoRelease", RuntimeInformation.FrameworkDescription),
                ("Connections", Number(_clientPort.OpenConnections)),
                ("ClientRequests", Number(counters.ClientRequests)),
                ("ClientErrors", Number(counters.ClientErrors)),
                ("Starts", Number(counters.Starts)),
                ("FirstStart", counters.FirstStart.ToString("u", CultureInfo.InvariantCulture))),
            ["Db"] = new OnetStatus { Field = new Dictionary<string, string>(await _store.GetStatusFieldsAsync()) },
        };
        foreach (var reporter in _reporters)
        {
            sections[reporter.Section] = new OnetStatus { Field = new Dictionary<string, string>(await reporter.GetStatusAsync()) };
        }
        return new StatusResponse { Status = sections, ServerIdentity = _node.Identity.ServerIdentity };
    }

    private static readonly Lazy<DateTime> ProcessStart = new(() =>
    {
        using var process = Process.GetCurrentProcess();
        return process.StartTime;
    });

    /// <summary>
    /// The process's thread count. On Linux one read of <c>/proc/self/status</c>: <see cref="Process.Threads"/> reads a
    /// file per thread, which made it the dearest part of a Status request.
    /// </summary>
    private static int ThreadCount()
    {
        if (OperatingSystem.IsLinux())
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Threads:", StringComparison.Ordinal) &&
                    int.TryParse(line.AsSpan("Threads:".Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                {
                    return count;
                }
            }
        }
        using var process = Process.GetCurrentProcess();
        return process.Threads.Count;
    }

    /// <summary>Go's <c>GOOS/GOARCH/runtime version</c>, with .NET's names for the runtime.</summary>
    private static string SystemString()
    {
        var os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsWindows() ? "windows" : "unknown";
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "386",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        };
        return $"{os}/{arch}/dotnet{Environment.Version}";
    }

    private static OnetStatus Section(params (string Key, string Value)[] fields) =>
        new() { Field = fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal) };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
