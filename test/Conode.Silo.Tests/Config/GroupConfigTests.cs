using Conode.Silo.Config;

namespace Conode.Silo.Tests.Config;

public class GroupConfigTests
{
    private const string File = "/x/roster.toml";

    [Fact]
    public void GoRosterExampleRoundTripsByteForByte()
    {
        var group = GroupConfig.Parse(ConfigSamples.RosterToml, File);

        Assert.Equal(2, group.Servers.Count);
        var first = group.Servers[0];
        Assert.Equal("tls://127.0.0.1:7770", first.Address.Value);
        Assert.Equal(ConfigSamples.Node0Public, first.Public);
        Assert.Equal("Conode_1", first.Description);
        Assert.Equal("", first.Url);
        Assert.Equal(["ByzCoin", "Skipchain"], first.Services.Select(s => s.Name));
        Assert.Equal("https://conode2.example.org", group.Servers[1].Url);
        Assert.Equal(ConfigSamples.RosterToml, group.ToToml());
    }

    [Fact]
    public void SetupsPublicTomlIsTheFirstBlock()
    {
        var config = PrivateConfig.Parse(ConfigSamples.PrivateToml, "/x/private.toml");
        var publicToml = new GroupConfig([GroupServer.FromPrivate(config)]).ToToml();
        Assert.Equal(ConfigSamples.PublicTomlNode0, publicToml);
    }

    [Fact]
    public void ConcatenatedPublicTomlsLoadAsOneRosterInOrder()
    {
        var second = ConfigSamples.PublicTomlNode0
            .Replace("127.0.0.1:7770", "127.0.0.1:7772")
            .Replace(ConfigSamples.Node0Public, ConfigSamples.Node1Public)
            .Replace("Conode_1", "Conode_2");
        var third = second.Replace("7772", "7774").Replace("Conode_2", "Conode_3");
        var roster = GroupConfig.Parse(ConfigSamples.PublicTomlNode0 + second + third, File);

        Assert.Equal(["Conode_1", "Conode_2", "Conode_3"], roster.Servers.Select(s => s.Description));
        Assert.Equal([7770, 7772, 7774], roster.Servers.Select(s => s.Address.Port));
        Assert.All(roster.Servers, s => Assert.Equal(2, s.Services.Count));
        // Written back, Go separates the entries with a blank line.
        Assert.Equal(ConfigSamples.PublicTomlNode0 + "\n" + second + "\n" + third, roster.ToToml());
    }

    [Fact]
    public void EmptyDescriptionGetsGosPlaceholderAndMissingSuiteMeansEd25519()
    {
        var text = $"""
            [[servers]]
            Address = "tls://10.0.0.1:7770"
            Public = "{ConfigSamples.Node0Public}"
            Url = "https://conode.example.org/conode/"
            """;
        var group = GroupConfig.Parse(text, File);
        var server = Assert.Single(group.Servers);
        Assert.Equal("Ed25519", server.Suite);
        Assert.Equal("", server.Description);
        Assert.Equal("https://conode.example.org/conode/", server.Url); // JS spelling Url is read too
        Assert.Empty(server.Services);
        Assert.Equal(
            "[[servers]]\n" +
            "  Address = \"tls://10.0.0.1:7770\"\n" +
            "  Suite = \"Ed25519\"\n" +
            $"  Public = \"{ConfigSamples.Node0Public}\"\n" +
            "  Description = \"Description of your server\"\n" +
            "  URL = \"https://conode.example.org/conode/\"\n" +
            "  [servers.Services]\n",
            group.ToToml());
    }

    [Theory]
    [InlineData("  Address = \"tls://127.0.0.1:7770\"", "  Address = \"tls://127.0.0.1\"", "servers[0].Address", "missing port in address")]
    [InlineData($"  Public = \"{ConfigSamples.Node1Public}\"", "  Public = \"58fc\"", "servers[1].Public", "expected 64 hex characters (Ed25519 point), got 4")]
    [InlineData("  Suite = \"Ed25519\"\n  Public = \"58", "  Suite = \"bn256.adapter\"\n  Public = \"58", "servers[1].Suite", "expected \"Ed25519\"")]
    [InlineData("      Suite = \"bn256.adapter\"\n", "      Suite = \"BN999\"\n", "servers[0].Services.ByzCoin.Suite", "expected \"bn256.adapter\" for the ByzCoin service, got \"BN999\"")]
    [InlineData($"      Public = \"{ConfigSamples.Node1SkipchainPublic}\"", "      Public = \"4b46g6\"", "servers[1].Services.Skipchain.Public", "expected 256 hex characters (bn256 G2 point), got 6")]
    [InlineData("  Description = \"Conode_2\"", "  Description = 2", "servers[1].Description", "expected a string, got an integer")]
    public void ProblemsNameFileAndEntry(string find, string replace, string key, string problem)
    {
        var index = ConfigSamples.RosterToml.IndexOf(find, StringComparison.Ordinal);
        Assert.True(index >= 0);
        if (key.StartsWith("servers[1]", StringComparison.Ordinal))
        {
            index = ConfigSamples.RosterToml.IndexOf(find, ConfigSamples.PublicTomlNode0.Length, StringComparison.Ordinal);
        }
        var text = ConfigSamples.RosterToml[..index] + replace + ConfigSamples.RosterToml[(index + find.Length)..];
        var e = Assert.Throws<ConfigException>(() => GroupConfig.Parse(text, File));
        Assert.Equal(key, e.Key);
        Assert.Contains(problem, e.Problem);
        Assert.StartsWith($"{File}: key \"{key}\": ", e.Message);
    }

    [Fact]
    public void FileWithoutServersIsRefused()
    {
        var e = Assert.Throws<ConfigException>(() => GroupConfig.Parse("title = \"x\"\n", File));
        Assert.Equal("servers", e.Key);
        var bad = Assert.Throws<ConfigException>(() => GroupConfig.Parse("[[servers]\n", File));
        Assert.StartsWith($"{File}: invalid TOML at line 1", bad.Message);
    }

    [Fact]
    public void SaveAndLoad()
    {
        using var folder = new TempFolder();
        var path = folder.File("public.toml");
        GroupConfig.Parse(ConfigSamples.RosterToml, File).Save(path);
        Assert.Equal(ConfigSamples.RosterToml, System.IO.File.ReadAllText(path));
        Assert.Equal(2, GroupConfig.Load(path).Servers.Count);
    }
}
