using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Conode.IntegrationTests.Harness;

/// <summary>
/// N real conode processes on 127.0.0.1, set up the way run_nodes.sh does it (interactive setup fed on
/// stdin, one folder per node, every database in one data folder) and stopped on dispose.
/// </summary>
public sealed class LocalCothority : IAsyncDisposable
{
    private readonly List<ConodeProcess> _nodes = [];

    private LocalCothority(string directory) => Directory = directory;

    /// <summary>Folder holding co1…coN, the databases, the logs and <c>public.toml</c> (the roster).</summary>
    public string Directory { get; }

    public string RosterPath => Path.Combine(Directory, "public.toml");

    public IReadOnlyList<ConodeProcess> Nodes => _nodes;

    /// <param name="withMetrics">give every node a monitoring port (<see cref="ConodeProcess.MetricsPort"/>) in its private.toml</param>
    /// <param name="jsonLogs">run the nodes with <c>CONODE_LOG_FORMAT=json</c></param>
    public static async Task<LocalCothority> StartAsync(int count, int debugLevel = 2, bool withMetrics = false,
        bool jsonLogs = false)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("conode-it-").FullName;
        var cothority = new LocalCothority(directory);
        try
        {
            // Two ports per node (conode, client), then one per node for metrics.
            var basePort = FreePortBlock((withMetrics ? 3 : 2) * count);
            var roster = new StringBuilder();
            for (var n = 1; n <= count; n++)
            {
                var port = basePort + 2 * (n - 1);
                var folder = Path.Combine(directory, "co" + n);
                await Conode.RunAsync(directory, ["-d", "0", "setup"], stdin: $"127.0.0.1:{port}\nConode_{n}\n{folder}\n");
                roster.Append(await File.ReadAllTextAsync(Path.Combine(folder, "public.toml")));
                int? metricsPort = withMetrics ? basePort + 2 * count + (n - 1) : null;
                if (metricsPort is not null)
                {
                    await File.AppendAllTextAsync(Path.Combine(folder, "private.toml"),
                        $"\n[Metrics]\n  ListenAddress = \"127.0.0.1:{metricsPort}\"\n");
                }
                cothority._nodes.Add(new ConodeProcess(directory, folder, port, debugLevel, metricsPort: metricsPort,
                    environment: jsonLogs ? new Dictionary<string, string> { ["CONODE_LOG_FORMAT"] = "json" } : null));
            }
            await File.WriteAllTextAsync(cothority.RosterPath, roster.ToString());
            foreach (var node in cothority._nodes)
            {
                node.Start();
            }
            await Task.WhenAll(cothority._nodes.Select(node => node.WaitUntilServingAsync()));
            return cothority;
        }
        catch
        {
            await cothority.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => StopAndDeleteAsync(_nodes, Directory);

    /// <summary>Kills <paramref name="processes"/>, then deletes the folder they worked in.</summary>
    internal static async ValueTask StopAndDeleteAsync(IEnumerable<ConodeProcess> processes, string directory)
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A log still being flushed by a dying process; the temp folder is cleaned by the OS later.
        }
    }

    /// <summary>A base port such that base … base+count-1 are all free on loopback right now.</summary>
    internal static int FreePortBlock(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            // Below Linux's ephemeral range (32768+), so no outgoing connection can take a port before a node binds it.
            var candidate = Random.Shared.Next(20000, 32000 - count);
            if (Enumerable.Range(candidate, count).All(IsFree))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"no block of {count} free loopback ports found");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>One conode server process of a <see cref="LocalCothority"/>.</summary>
public sealed class ConodeProcess : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly int _debugLevel;
    private readonly string[] _serverOptions;
    private readonly IReadOnlyDictionary<string, string>? _environment;
    private readonly StringBuilder _log = new();
    private Process? _process;

    /// <param name="webSocketPort">Where its client port listens when <paramref name="serverOptions"/> move it; default port + 1.</param>
    /// <param name="serverOptions">Options after <c>server</c>, e.g. <c>--ws-port</c> for a second silo of a node.</param>
    /// <param name="environment">Variables added to the process's environment, e.g. CONODE_DATABASE.</param>
    /// <param name="metricsPort">The monitoring port its private.toml sets, if any.</param>
    internal ConodeProcess(string dataDirectory, string folder, int port, int debugLevel, int? webSocketPort = null,
        string[]? serverOptions = null, IReadOnlyDictionary<string, string>? environment = null, int? metricsPort = null)
    {
        _dataDirectory = dataDirectory;
        Folder = folder;
        Port = port;
        WebSocketPort = webSocketPort ?? port + 1;
        _debugLevel = debugLevel;
        _serverOptions = serverOptions ?? [];
        _environment = environment;
        MetricsPort = metricsPort;
    }

    /// <summary>Where the node serves <c>/metrics</c> and <c>/health</c>, if it was given a monitoring port.</summary>
    public int? MetricsPort { get; }

    public string Folder { get; }

    public string PrivateTomlPath => Path.Combine(Folder, "private.toml");

    public string PublicTomlPath => Path.Combine(Folder, "public.toml");

    /// <summary>Conode-to-conode port; clients use <see cref="WebSocketPort"/>.</summary>
    public int Port { get; }

    public int WebSocketPort { get; }

    /// <summary>This process's client port (as a URL: a silo moved with <c>--ws-port</c> is not on Port + 1).</summary>
    public Client.ConodeEndpoint Endpoint => Client.ConodeEndpoint.Parse($"tls://127.0.0.1:{Port}", $"http://127.0.0.1:{WebSocketPort}");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>When the current process was started (for uptime checks).</summary>
    public DateTime StartedAt { get; private set; }

    /// <summary>The database file, named from the public key in the data folder, as the node computes it.</summary>
    public string DatabasePath => Path.Combine(_dataDirectory,
        Silo.Config.ConodePaths.DatabaseFileName(Convert.FromHexString(Silo.Config.GroupConfig.Load(PublicTomlPath).Servers[0].Public)));

    public void Start()
    {
        StartedAt = DateTime.UtcNow;
        _process = Conode.Start(_dataDirectory, ["-d", _debugLevel.ToString(), "-c", PrivateTomlPath, "server", .. _serverOptions],
            _log, _environment);
    }

    /// <summary>Kills the process without warning, as <c>kill -9</c> would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async Task RestartAsync()
    {
        await KillAsync();
        Start();
        await WaitUntilServingAsync();
    }

    public async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"conode in {Folder} exited with {_process.ExitCode}:\n{Log}");
            }
            try
            {
                if ((await http.GetStringAsync($"http://127.0.0.1:{WebSocketPort}/ok")) == "ok\n")
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"conode in {Folder} did not serve /ok within 60 s:\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }
}

/// <summary>Runs the conode executable built beside the tests (<c>dotnet conode.dll</c>).</summary>
public static class Conode
{
    private static string DotNet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private static string Dll => Path.Combine(AppContext.BaseDirectory, "conode.dll");

    /// <summary>Runs one command to completion; throws with its output when it fails.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string dataDirectory, string[] args,
        string stdin = "", bool throwOnFailure = true, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = new Process { StartInfo = StartInfo(dataDirectory, args, environment) };
        process.StartInfo.RedirectStandardInput = true;
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"conode {string.Join(' ', args)} did not finish:\n{await stdout}\n{await stderr}");
        }
        var result = (process.ExitCode, await stdout, await stderr);
        if (throwOnFailure && result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"conode {string.Join(' ', args)} exited with {result.ExitCode}:\n{result.Item2}\n{result.Item3}");
        }
        return result;
    }

    internal static Process Start(string dataDirectory, string[] args, StringBuilder log, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = new Process { StartInfo = StartInfo(dataDirectory, args, environment), EnableRaisingEvents = true };
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static ProcessStartInfo StartInfo(string dataDirectory, string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(DotNet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // Same layout as run_nodes.sh: every node's database in one folder; never the user's real config.
        info.Environment["CONODE_SERVICE_PATH"] = dataDirectory;
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(dataDirectory, "config");
        info.Environment["HOME"] = dataDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        return info;
    }
}
