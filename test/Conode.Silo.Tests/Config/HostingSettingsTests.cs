using System.Net;
using Conode.Silo.Config;

namespace Conode.Silo.Tests.Config;

/// <summary>private.toml's Conode.NET-only tables: [Database] and [Orleans].</summary>
public class HostingSettingsTests
{
    private const string File = "/x/private.toml";

    private const string Tables =
        "\n" +
        "[Database]\n" +
        "  PostgreSQL = \"Host=db.lan;Database=conode;Username=conode;Password=s3cret\"\n" +
        "\n" +
        "[Orleans]\n" +
        "  SiloPort = 11111\n" +
        "  GatewayPort = 30000\n" +
        "  SiloAddress = \"10.0.0.5\"\n";

    [Fact]
    public void DatabaseAndOrleansTablesLoadAndWriteBackAfterGosPart()
    {
        var text = ConfigSamples.PrivateToml + Tables;

        var config = PrivateConfig.Parse(text, File);

        Assert.Equal("Host=db.lan;Database=conode;Username=conode;Password=s3cret", config.PostgreSql);
        Assert.Equal(11111, config.Orleans.SiloPort);
        Assert.Equal(30000, config.Orleans.GatewayPort);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), config.Orleans.SiloAddress);
        Assert.Equal(text, config.ToToml());
    }

    [Fact]
    public void WithoutTheTablesTheFileStaysGos()
    {
        var config = PrivateConfig.Parse(ConfigSamples.PrivateToml, File);

        Assert.Equal("", config.PostgreSql);
        Assert.Equal(new SiloSettings(), config.Orleans);
        Assert.Equal(ConfigSamples.PrivateToml, config.ToToml());
    }

    [Fact]
    public void TablesOfOtherProgramsAreIgnoredLikeGoDoes()
    {
        var text = ConfigSamples.PrivateToml + "\n[Metrics]\n  Port = 9100\n  [Metrics.Labels]\n    Site = \"lab\"\n" + Tables;

        var config = PrivateConfig.Parse(text, File);

        // Go decodes into its struct and would write back only what it knows; so do we (plus our own tables).
        Assert.Equal(ConfigSamples.PrivateToml + Tables, config.ToToml());
    }

    [Theory]
    [InlineData("[Database]\nPostgreSQL = \"Host=db;Username=x\"", "Database.PostgreSQL", "no Database is given")]
    [InlineData("[Database]\nPostgreSQL = \"Hots=db;Database=x\"", "Database.PostgreSQL", "not an Npgsql connection string")]
    [InlineData("[Database]\nPostgreSQL = 5", "Database.PostgreSQL", "expected a string, got an integer")]
    [InlineData("[Orleans]\nSiloPort = 70000", "Orleans.SiloPort", "expected a port number between 0 and 65535, got \"70000\"")]
    [InlineData("[Orleans]\nGatewayPort = \"30000\"", "Orleans.GatewayPort", "expected an integer, got a string")]
    [InlineData("[Orleans]\nSiloAddress = \"silo.lan\"", "Orleans.SiloAddress", "expected the IP address the node's other silos reach this one on")]
    public void BadValuesNameTheirKey(string table, string key, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => PrivateConfig.Parse(ConfigSamples.PrivateToml + "\n" + table + "\n", File));

        Assert.Equal(key, e.Key);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void EnvironmentVariablesAreCheckedAndNamed()
    {
        var environment = new ConodeEnvironment(HostOs.Linux, name => name switch
        {
            SiloSettings.PeerPortVariable => "7000",
            SiloSettings.SiloAddressVariable => "192.168.1.4",
            _ => null,
        }, () => null, "/cwd");
        var settings = SiloSettings.FromEnvironment(environment);
        Assert.Equal(7000, settings.PeerPort);
        Assert.Equal(IPAddress.Parse("192.168.1.4"), settings.SiloAddress);
        Assert.Null(settings.SiloPort);

        var bad = new ConodeEnvironment(HostOs.Linux, name => name == SiloSettings.WebSocketPortVariable ? "-1" : null, () => null, "/cwd");
        var e = Assert.Throws<ConfigException>(() => SiloSettings.FromEnvironment(bad));
        Assert.Equal(SiloSettings.WebSocketPortVariable, e.Key);
    }
}
