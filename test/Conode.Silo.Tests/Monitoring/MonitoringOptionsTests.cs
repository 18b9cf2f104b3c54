using System.Net;
using Conode.Silo.Config;
using Conode.Silo.Hosting;
using Conode.Silo.Tests.Config;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Tests.Monitoring;

/// <summary>How private.toml's <c>[Metrics]</c> table and the environment reach <see cref="NodeOptions"/>.</summary>
public class MonitoringOptionsTests
{
    private const string File = "/x/private.toml";

    [Fact]
    public void Metrics_are_off_unless_private_toml_gives_them_an_address()
    {
        var options = ToNodeOptions(PrivateConfig.Parse(ConfigSamples.PrivateToml, File));

        Assert.Null(options.MetricsEndpoint);
    }

    [Theory]
    [InlineData("127.0.0.1:9100", "127.0.0.1", 9100)]
    [InlineData("0.0.0.0:7772", "0.0.0.0", 7772)]
    [InlineData("[::1]:9100", "::1", 9100)]
    public void The_metrics_table_is_read_written_back_and_becomes_the_listener(string value, string ip, int port)
    {
        var text = ConfigSamples.PrivateToml + $"\n[Metrics]\n  ListenAddress = \"{value}\"\n";

        var config = PrivateConfig.Parse(text, File);

        Assert.Equal(value, config.MetricsListenAddress);
        Assert.Equal(text, config.ToToml());
        Assert.Equal(new IPEndPoint(IPAddress.Parse(ip), port), ToNodeOptions(config).MetricsEndpoint);
    }

    [Theory]
    [InlineData("9100")]
    [InlineData("localhost:9100")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    public void A_metrics_address_that_is_no_ip_and_port_is_refused_with_its_key(string value)
    {
        var text = ConfigSamples.PrivateToml + $"\n[Metrics]\n  ListenAddress = \"{value}\"\n";

        var error = Assert.Throws<ConfigException>(() => PrivateConfig.Parse(text, File));

        Assert.Equal("Metrics.ListenAddress", error.Key);
        Assert.Contains(value, error.Problem);
    }

    [Theory]
    [InlineData("127.0.0.1:7770")] // the conode port
    [InlineData("127.0.0.1:7771")] // the client port
    public void Metrics_cannot_share_a_port_with_the_node(string value)
    {
        var config = PrivateConfig.Parse(ConfigSamples.PrivateToml, File) with { MetricsListenAddress = value };

        var error = Assert.Throws<ConfigException>(() => ToNodeOptions(config));

        Assert.Equal("Metrics.ListenAddress", error.Key);
    }

    [Theory]
    [InlineData(null, LogFormat.Text)]
    [InlineData("", LogFormat.Text)]
    [InlineData("text", LogFormat.Text)]
    [InlineData("JSON", LogFormat.Json)]
    public void Log_format_comes_from_the_environment(string? value, LogFormat expected)
    {
        var config = PrivateConfig.Parse(ConfigSamples.PrivateToml, File);

        Assert.Equal(expected, ToNodeOptions(config, value).LogFormat);
    }

    [Fact]
    public void An_unknown_log_format_is_refused_by_name()
    {
        var config = PrivateConfig.Parse(ConfigSamples.PrivateToml, File);

        var error = Assert.Throws<FormatException>(() => ToNodeOptions(config, "xml"));

        Assert.Contains(ConodeLogging.FormatVariable, error.Message);
    }

    [Theory]
    [InlineData(0, LogLevel.Information, LogLevel.Warning)]
    [InlineData(1, LogLevel.Debug, LogLevel.Warning)]
    [InlineData(2, LogLevel.Debug, LogLevel.Warning)]
    [InlineData(3, LogLevel.Trace, LogLevel.Warning)]
    [InlineData(4, LogLevel.Trace, LogLevel.Information)]
    [InlineData(5, LogLevel.Trace, LogLevel.Debug)]
    public void Debug_levels_open_our_logs_first_and_the_frameworks_last(int debugLevel, LogLevel own, LogLevel framework)
    {
        Assert.Equal(own, ConodeLogging.OwnLevel(debugLevel));
        Assert.Equal(framework, ConodeLogging.FrameworkLevel(debugLevel));
    }

    private static NodeOptions ToNodeOptions(PrivateConfig config, string? logFormat = null)
    {
        var environment = new ConodeEnvironment(HostOs.Linux,
            name => name switch
            {
                "HOME" => "/home/conode",
                ConodeLogging.FormatVariable => logFormat,
                _ => null,
            },
            () => null, "/cwd");
        return ServerRunner.ToNodeOptions(config, File, environment, debugLevel: 0);
    }
}
