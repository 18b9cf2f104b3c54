using Conode.Client;
using Conode.IntegrationTests.Harness;
using Conode.Services.Status;

namespace Conode.IntegrationTests.Postgres;

/// <summary>
/// One conode identity (a private.toml from <c>conode setup</c>) in PostgreSQL mode: any number of
/// <c>conode server</c> processes (silos) with that file and one database, each on its own conode, client and
/// Orleans ports. The first silo listens on the published address (P, P+1); the others are moved with
/// <c>--peer-port</c>/<c>--ws-port</c>.
/// </summary>
public sealed class PostgresNode : IAsyncDisposable
{
    private readonly List<ConodeProcess> _silos = [];

    private PostgresNode(string directory, int port, TestDatabase database)
    {
        Directory = directory;
        Port = port;
        Database = database;
    }

    public string Directory { get; }

    public string Folder => Path.Combine(Directory, "co1");

    public string PrivateTomlPath => Path.Combine(Folder, "private.toml");

    /// <summary>The published conode port (Address in private.toml).</summary>
    public int Port { get; }

    public TestDatabase Database { get; private set; }

    public IReadOnlyList<ConodeProcess> Silos => _silos;

    /// <summary>Variables for silos started from now on, besides the database's.</summary>
    public Dictionary<string, string> ExtraEnvironment { get; } = [];

    private IReadOnlyDictionary<string, string> SiloEnvironment =>
        Database.Environment.Concat(ExtraEnvironment).ToDictionary(entry => entry.Key, entry => entry.Value);

    /// <summary>Sets up the identity and initialises <paramref name="database"/>'s schema; starts no silo.</summary>
    public static async Task<PostgresNode> CreateAsync(TestDatabase database, string description = "PG node")
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("conode-pg-").FullName;
        var port = LocalCothority.FreePortBlock(2);
        var node = new PostgresNode(directory, port, database);
        await Harness.Conode.RunAsync(directory, ["-d", "0", "setup"], stdin: $"127.0.0.1:{port}\n{description}\n{node.Folder}\n");
        await node.RunAsync(["db", "init"]);
        return node;
    }

    /// <summary>Runs a conode command with this node's private.toml and database.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] args, bool throwOnFailure = true) =>
        Harness.Conode.RunAsync(Directory, ["-c", PrivateTomlPath, .. args], throwOnFailure: throwOnFailure,
            environment: Database.Environment);

    /// <summary>Silos started from now on use <paramref name="database"/> (restarted ones keep theirs).</summary>
    public void MoveTo(TestDatabase database) => Database = database;

    /// <summary>Starts one more silo (with <paramref name="extraOptions"/> for <c>server</c>) and waits until it serves clients.</summary>
    public async Task<ConodeProcess> StartSiloAsync(params string[] extraOptions)
    {
        var ports = LocalCothority.FreePortBlock(3);
        string[] options = _silos.Count == 0
            ? ["--silo-port", ports.ToString(), .. extraOptions]
            : ["--silo-port", ports.ToString(), "--peer-port", (ports + 1).ToString(), "--ws-port", (ports + 2).ToString(), .. extraOptions];
        var silo = _silos.Count == 0
            ? new ConodeProcess(Directory, Folder, Port, debugLevel: 1, serverOptions: options, environment: SiloEnvironment)
            : new ConodeProcess(Directory, Folder, ports + 1, debugLevel: 1, ports + 2, options, SiloEnvironment);
        _silos.Add(silo);
        silo.Start();
        await silo.WaitUntilServingAsync();
        return silo;
    }

    /// <summary>Status as the silo's client port answers it (its URL, since only the first silo is on Address + 1).</summary>
    public static Task<StatusResponse> GetStatusAsync(ConodeProcess silo) => new ConodeClient().GetStatusAsync(silo.Endpoint);

    public ValueTask DisposeAsync() => LocalCothority.StopAndDeleteAsync(_silos, Directory);
}
