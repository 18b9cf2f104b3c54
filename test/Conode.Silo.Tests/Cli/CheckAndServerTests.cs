using Conode.Silo.Cli;
using Conode.Silo.Config;
using Conode.Silo.Tests.Config;

namespace Conode.Silo.Tests.Cli;

public class CheckAndServerTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly CliHarness cli;

    public CheckAndServerTests() => cli = new CliHarness(temp.File("xdg"));

    public void Dispose() => temp.Dispose();

    private string Roster() => temp.Write("roster.toml", ConfigSamples.RosterToml);

    [Fact]
    public async Task AllServersUpPrintsOneLineEachAndExits0()
    {
        var probe = new ScriptedProbe((s, _) => Task.FromResult(ProbeResult.Ok(TimeSpan.FromMilliseconds(s.Address.Host == "127.0.0.1" ? 3.24 : 12))));
        cli.Probe = probe;

        Assert.Equal(0, await cli.Run("check", Roster()));

        Assert.Equal(
            "tls://127.0.0.1:7770  ok  3.2 ms\n" +
            "tls://conode2.example.org:7770  ok  12.0 ms\n",
            cli.Out);
        Assert.Equal("", cli.Err);
        Assert.Equal(
            [("tls://127.0.0.1:7770", TimeSpan.FromSeconds(10)), ("tls://conode2.example.org:7770", TimeSpan.FromSeconds(10))],
            probe.Calls.OrderBy(c => c.Address));
    }

    [Fact]
    public async Task OneServerDownExits1AndSaysWhy()
    {
        cli.Probe = new ScriptedProbe((s, _) => s.Address.Host == "127.0.0.1"
            ? Task.FromResult(ProbeResult.Failed("connection refused", TimeSpan.FromMilliseconds(1.04)))
            : Task.FromResult(ProbeResult.Ok(TimeSpan.FromMilliseconds(5))));

        Assert.Equal(1, await cli.Run("-d", "3", "c", "-g", Roster(), "-t", "3"));

        Assert.Equal(
            "tls://127.0.0.1:7770  connection refused  1.0 ms\n" +
            "tls://conode2.example.org:7770  ok  5.0 ms\n",
            cli.Out);
        Assert.Equal("1 of 2 servers did not answer\n", cli.Err);
    }

    [Fact]
    public async Task ProbeExceptionsAndSilenceBecomeErrorLines()
    {
        cli.Probe = new ScriptedProbe(async (s, ct) =>
        {
            if (s.Address.Host == "127.0.0.1")
            {
                throw new InvalidOperationException("websocket: bad handshake\nclose 1002");
            }
            await Task.Delay(Timeout.Infinite, ct);
            return ProbeResult.Ok(TimeSpan.Zero);
        });

        Assert.Equal(1, await cli.Run("check", "--timeout", "1", Roster()));

        var lines = cli.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("tls://127.0.0.1:7770  websocket: bad handshake close 1002  ", lines[0]);
        Assert.StartsWith("tls://conode2.example.org:7770  no reply within 1 s  ", lines[1]);
        Assert.All(lines, l => Assert.EndsWith(" ms", l));
        Assert.Equal("2 of 2 servers did not answer\n", cli.Err);
    }

    [Fact]
    public async Task PositionalFileWinsOverG()
    {
        Assert.Equal(0, await cli.Run("check", "-g", temp.File("nope.toml"), Roster()));
    }

    [Fact]
    public async Task BadOrMissingRosterExits1NamingFileAndKey()
    {
        Assert.Equal(1, await cli.Run("check"));
        Assert.Equal("[-] Must give the roster file to check.\n", cli.Err);

        var bad = temp.Write("bad.toml", ConfigSamples.RosterToml.Replace("tls://conode2.example.org:7770", "conode2:7770"));
        Assert.Equal(1, await cli.Run("check", bad));
        Assert.StartsWith($"{bad}: key \"servers[1].Address\": expected an address like tls://host:port", cli.Err);
        Assert.Equal("", cli.Out);

        Assert.Equal(1, await cli.Run("check", temp.File("absent.toml")));
        Assert.StartsWith($"{temp.File("absent.toml")}: cannot read file", cli.Err);

        Assert.Equal(1, await cli.Run("check", "-t", "0", Roster()));
        Assert.Contains("--timeout must be at least 1 second", cli.Err);
    }

    [Fact]
    public async Task ServerWithMissingConfigExits255()
    {
        var path = temp.File("none/private.toml");
        Assert.Equal(255, await cli.Run("-c", path, "server"));
        Assert.Equal($"[-] Configuration file does not exist. {path}\n", cli.Err);
        Assert.Null(cli.Runner.Call);
    }

    [Fact]
    public async Task ServerWithBadConfigExits1WithTheConfigError()
    {
        var path = temp.Write("private.toml", ConfigSamples.PrivateToml.Replace("tls://127.0.0.1:7770", "tls://127.0.0.1"));
        Assert.Equal(1, await cli.Run("-c", path, "server"));
        Assert.Equal($"Couldn't parse config: {path}: key \"Address\": expected an address like tls://host:port, \"127.0.0.1\": missing port in address\n", cli.Err);
        Assert.Null(cli.Runner.Call);
    }

    [Fact]
    public async Task ServerWithoutSkipchainKeyExits1()
    {
        var withoutSkipchain = ConfigSamples.PrivateToml[..ConfigSamples.PrivateToml.IndexOf("  [Services.Skipchain]", StringComparison.Ordinal)];
        var path = temp.Write("private.toml", withoutSkipchain);
        Assert.Equal(1, await cli.Run("-c", path, "server"));
        Assert.StartsWith($"{path}: key \"Services.Skipchain\": is missing", cli.Err);
    }

    [Fact]
    public async Task ServerHandsConfigPathAndDebugLevelToTheRunner()
    {
        var path = temp.Write("private.toml", ConfigSamples.PrivateToml);
        Assert.Equal(0, await cli.Run("-d", "2", "-c", path, "server"));
        var (config, configPath, debug) = cli.Runner.Call!.Value;
        Assert.Equal(path, configPath);
        Assert.Equal(2, debug);
        Assert.Equal("Conode_1", config.Description);

        // Global options after the command are accepted too.
        Assert.Equal(0, await cli.Run("server", "--config", path, "--debug", "5"));
        Assert.Equal(5, cli.Runner.Call!.Value.Debug);
    }

    [Fact]
    public async Task ServerHandsThePortOptionsOfOneSiloToTheRunner()
    {
        var path = temp.Write("private.toml", ConfigSamples.PrivateToml);
        Assert.Equal(0, await cli.Run("-c", path, "server", "--peer-port", "7780", "--ws-port", "7781", "--silo-port", "11112",
            "--gateway-port", "0", "--silo-address", "10.0.0.7"));

        Assert.Equal(new SiloSettings
        {
            PeerPort = 7780,
            WebSocketPort = 7781,
            SiloPort = 11112,
            GatewayPort = 0,
            SiloAddress = System.Net.IPAddress.Parse("10.0.0.7"),
        }, cli.Runner.Silo);

        Assert.Equal(0, await cli.Run("-c", path, "server"));
        Assert.Equal(new SiloSettings(), cli.Runner.Silo);
    }

    [Theory]
    [InlineData("--silo-port", "70000", "--silo-port must be a port number between 0 and 65535")]
    [InlineData("--ws-port", "-1", "--ws-port must be a port number between 0 and 65535")]
    [InlineData("--silo-address", "silo.lan", "--silo-address must be an IP address")]
    public async Task ServerRefusesABadPortOption(string option, string value, string error)
    {
        var path = temp.Write("private.toml", ConfigSamples.PrivateToml);
        Assert.NotEqual(0, await cli.Run("-c", path, "server", option, value));
        Assert.Contains(error, cli.Err);
        Assert.Null(cli.Runner.Call);
    }

    [Fact]
    public async Task DbInitWithoutAnyDatabaseSaysWhatToSet()
    {
        var path = temp.Write("private.toml", ConfigSamples.PrivateToml);
        Assert.Equal(1, await cli.Run("-c", path, "db", "init"));
        Assert.Equal($"{path} names no PostgreSQL database: add [Database] PostgreSQL = \"Host=…;Database=…;Username=…;Password=…\" or set CONODE_DATABASE\n", cli.Err);

        Assert.Equal(1, await cli.Run("-c", temp.File("none.toml"), "db", "init"));
        Assert.Contains("does not exist and CONODE_DATABASE is not set", cli.Err);
    }

    [Fact]
    public async Task BackupOfANodeInPostgreSqlPointsToTheScripts()
    {
        var path = temp.Write("private.toml", ConfigSamples.PrivateToml + "\n[Database]\n  PostgreSQL = \"Host=db;Database=conode\"\n");
        Assert.Equal(1, await cli.Run("-c", path, "backup", "--out", temp.File("b.db")));
        Assert.Contains("keeps its data in PostgreSQL (database \"conode\" on db:5432 as \"\"): use db-scripts/backup.sh", cli.Err);
    }

    [Fact]
    public async Task ServerUsesTheDefaultConfigPath()
    {
        var dir = Directory.CreateDirectory(Path.Join(temp.File("xdg"), "conode")).FullName;
        File.WriteAllText(Path.Join(dir, "private.toml"), ConfigSamples.PrivateToml);
        Assert.Equal(0, await cli.Run("server"));
        Assert.Equal(Path.Join(dir, "private.toml"), cli.Runner.Call!.Value.Path);
    }
}
