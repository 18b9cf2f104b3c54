using Conode.Network;
using Conode.Silo.Cli;
using Conode.Silo.Config;
using Conode.Silo.Tests.Config;

namespace Conode.Silo.Tests.Cli;

/// <summary>Node 0's keys of §11.1, so files written by setup can be compared with the real Go output.</summary>
internal sealed class FixedKeys : INodeKeyGenerator
{
    public List<string> Calls { get; } = [];

    public KeyPairHex NewIdentityKey()
    {
        Calls.Add("identity");
        return new KeyPairHex(ConodeSuites.Ed25519, ConfigSamples.Node0Public, ConfigSamples.Node0Private);
    }

    public KeyPairHex NewServiceKey(string serviceName)
    {
        Calls.Add(serviceName);
        return serviceName switch
        {
            "Skipchain" => new KeyPairHex(ConodeSuites.Bn256Adapter, ConfigSamples.Node0SkipchainPublic, ConfigSamples.Node0SkipchainPrivate),
            "ByzCoin" => new KeyPairHex(ConodeSuites.Bn256Adapter, ConfigSamples.Node0ByzCoinPublic, ConfigSamples.Node0ByzCoinPrivate),
            _ => throw new ArgumentException(serviceName),
        };
    }
}

internal sealed class RecordingRunner : IServerRunner
{
    public (PrivateConfig Config, string Path, int Debug)? Call { get; private set; }

    public SiloSettings? Silo { get; private set; }

    public Task<int> RunAsync(PrivateConfig config, string configPath, int debugLevel, SiloSettings silo, CancellationToken cancellationToken)
    {
        Call = (config, configPath, debugLevel);
        Silo = silo;
        return Task.FromResult(0);
    }
}

/// <summary>Answers per address: a result, an exception, or never (to exercise the timeout).</summary>
internal sealed class ScriptedProbe(Func<GroupServer, CancellationToken, Task<ProbeResult>> answer) : IStatusProbe
{
    public List<(string Address, TimeSpan Timeout)> Calls { get; } = [];

    public Task<ProbeResult> ProbeAsync(GroupServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add((server.Address.Value, timeout));
        }
        return answer(server, cancellationToken);
    }
}

/// <summary>Stands for an online discovery: finds a fixed IP, and refuses to vouch for public addresses.</summary>
internal sealed class ScriptedDiscovery(string? publicHost, string? reachabilityProblem) : IPublicAddressDiscovery
{
    public List<string> Checked { get; } = [];

    public Task<string?> DiscoverPublicHostAsync(int port, TextWriter log, CancellationToken cancellationToken) =>
        Task.FromResult(publicHost);

    public Task<string?> CheckReachableAsync(ConodeAddress publicAddress, ConodeAddress binding, TextWriter log, CancellationToken cancellationToken)
    {
        Checked.Add($"{publicAddress} via {binding}");
        return Task.FromResult(reachabilityProblem);
    }
}

/// <summary>Runs the CLI with scripted stdin and captured stdout/stderr.</summary>
internal sealed class CliHarness
{
    public CliHarness(string configDir)
    {
        Environment = new ConodeEnvironment(HostOs.Linux, name => name == "XDG_CONFIG_HOME" ? configDir : name == "HOME" ? "/nohome" : null, () => null, "/cwd");
    }

    public ConodeEnvironment Environment { get; }

    public FixedKeys Keys { get; } = new();

    public RecordingRunner Runner { get; } = new();

    public IStatusProbe Probe { get; set; } = new ScriptedProbe((_, _) => Task.FromResult(ProbeResult.Ok(TimeSpan.FromMilliseconds(1))));

    public IPublicAddressDiscovery Discovery { get; set; } = new OfflineAddressDiscovery();

    public string Out { get; private set; } = "";

    public string Err { get; private set; } = "";

    /// <summary>Input left unread after the run (scripted setups must consume exactly their answers).</summary>
    public string Unread { get; private set; } = "";

    public async Task<int> RunWithInput(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var services = new ConodeCliServices(Keys, Runner, Probe)
        {
            AddressDiscovery = Discovery,
            Environment = Environment,
            Version = "v0.1-test",
        };
        var code = await new ConodeCli(input, output, error, services).RunAsync(args);
        (Out, Err, Unread) = (output.ToString(), error.ToString(), await input.ReadToEndAsync());
        return code;
    }

    public Task<int> Run(params string[] args) => RunWithInput("", args);
}
