using Conode.Silo.Config;
using Conode.Silo.Hosting;
using Conode.Silo.Tests.Config;

namespace Conode.Silo.Tests.Peers;

public class PeerListenOptionsTests
{
    [Theory]
    [InlineData("", "", 7770)]
    [InlineData("10.0.0.5", "10.0.0.5", 7770)]
    [InlineData("10.0.0.5:9000", "10.0.0.5", 9000)]
    public void Private_toml_listen_address_decides_where_the_conode_port_binds(string listen, string host, int port)
    {
        var config = PrivateConfig.Parse(ConfigSamples.PrivateToml, "/x/private.toml") with { ListenAddress = listen };
        var environment = new ConodeEnvironment(HostOs.Linux, name => name == "HOME" ? "/home/conode" : null, () => null, "/cwd");

        var options = ServerRunner.ToNodeOptions(config, "/x/private.toml", environment, debugLevel: 0);

        Assert.Equal(host, options.PeerListenHost);
        Assert.Equal(port, options.PeerListenPort);
        // The published address is unchanged.
        Assert.Equal(7770, options.PeerPort);
    }
}
