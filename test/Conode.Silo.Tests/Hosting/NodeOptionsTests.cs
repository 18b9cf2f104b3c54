using System.Net;
using Conode.Silo.Config;
using Conode.Silo.Hosting;
using Conode.Silo.Tests.Config;

namespace Conode.Silo.Tests.Hosting;

/// <summary>How <c>conode server</c> picks a silo's ports and store: command line, then environment, then private.toml.</summary>
public class NodeOptionsTests
{
    private const string Path = "/x/private.toml";

    private static readonly PrivateConfig Config = PrivateConfig.Parse(ConfigSamples.PrivateToml, Path);

    private static ConodeEnvironment Environment(params (string Name, string Value)[] variables) =>
        new(HostOs.Linux, name => name == "HOME" ? "/home/conode" : variables.FirstOrDefault(v => v.Name == name).Value, () => null, "/cwd");

    [Fact]
    public void WithNothingSetAnodeOfOneSiloOnTheEmbeddedStore()
    {
        var options = ServerRunner.ToNodeOptions(Config, Path, Environment(), debugLevel: 0);

        Assert.Null(options.PostgreSql);
        Assert.Equal(7770, options.PeerListenPort);
        Assert.Equal(7771, options.WebSocketPort);
        Assert.Equal(0, options.OrleansSiloPort);
        Assert.Equal(0, options.OrleansGatewayPort);
        Assert.Equal(IPAddress.Loopback, options.SiloAddress);
        Assert.Equal("conode-" + ConfigSamples.Node0Public, options.ClusterId);
    }

    [Fact]
    public void CommandLineBeatsEnvironmentWhichBeatsPrivateToml()
    {
        var config = Config with { Orleans = new SiloSettings { SiloPort = 11111, GatewayPort = 30000, SiloAddress = IPAddress.Parse("10.0.0.1") } };
        var environment = Environment(
            (SiloSettings.SiloPortVariable, "12000"),
            (SiloSettings.PeerPortVariable, "8000"),
            (SiloSettings.WebSocketPortVariable, "8001"));
        var commandLine = new SiloSettings { PeerPort = 9000, SiloAddress = IPAddress.Parse("10.0.0.2") };

        var options = ServerRunner.ToNodeOptions(config, Path, environment, debugLevel: 0, commandLine);

        Assert.Equal(9000, options.PeerListenPort);
        Assert.Equal(8001, options.WebSocketPort);
        Assert.Equal(12000, options.OrleansSiloPort);
        Assert.Equal(30000, options.OrleansGatewayPort);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), options.SiloAddress);
        // What the node publishes does not move with the ports one silo binds.
        Assert.Equal(7770, options.PeerPort);
        Assert.Equal("tls://127.0.0.1:7770", options.Address);
    }

    [Fact]
    public void ConodeDatabaseSelectsPostgreSqlOverPrivateToml()
    {
        var config = Config with { PostgreSql = "Host=from-file;Database=conode" };

        var fromFile = ServerRunner.ToNodeOptions(config, Path, Environment(), debugLevel: 0);
        var fromEnvironment = ServerRunner.ToNodeOptions(config, Path,
            Environment((PrivateConfig.DatabaseVariable, "postgres://node:pw@from-env:6543/conode?sslmode=require")), debugLevel: 0);

        Assert.Equal("database \"conode\" on from-file:5432 as \"\"", fromFile.PostgreSql!.Description);
        Assert.Equal("database \"conode\" on from-env:6543 as \"node\"", fromEnvironment.PostgreSql!.Description);
        Assert.Equal(fromEnvironment.PostgreSql.Description, fromEnvironment.StoreDescription);
    }
}
