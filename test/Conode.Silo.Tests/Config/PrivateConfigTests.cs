using System.Text.Json;
using Conode.Network;
using Conode.Silo.Config;
using Conode.Tests;

namespace Conode.Silo.Tests.Config;

public class PrivateConfigTests
{
    private const string File = "/x/private.toml";

    [Fact]
    public void GoExampleRoundTripsByteForByte()
    {
        var config = PrivateConfig.Parse(ConfigSamples.PrivateToml, File);

        Assert.Equal("Ed25519", config.Suite);
        Assert.Equal(ConfigSamples.Node0Public, config.Public);
        Assert.Equal(ConfigSamples.Node0Private, config.Private);
        Assert.Equal(ConodeAddress.Parse("tls://127.0.0.1:7770"), config.Address);
        Assert.Equal("Conode_1", config.Description);
        Assert.Equal(["ByzCoin", "Skipchain"], config.Services.Select(s => s.Name));
        Assert.Equal(ConfigSamples.Node0SkipchainPrivate, config.FindService("Skipchain")!.Private);
        Assert.Equal(ConfigSamples.PrivateToml, config.ToToml());
    }

    [Fact]
    public void WriterSortsServicesAndAlwaysWritesTheServicesTable()
    {
        var config = PrivateConfig.Parse(ConfigSamples.PrivateToml, File);
        var reversed = config with { Services = config.Services.Reverse().ToList() };
        Assert.Equal(ConfigSamples.PrivateToml, reversed.ToToml());

        var noServices = config with { Services = [] };
        Assert.EndsWith("WebSocketTLSCertificateKey = \"\"\n\n[Services]\n", noServices.ToToml());
    }

    [Fact]
    public void StringsAreEscapedLikeGo()
    {
        var config = PrivateConfig.Parse(ConfigSamples.PrivateToml, File) with
        {
            Description = "say \"hi\"\\\ttab\nnew\u0001",
        };
        var text = config.ToToml();
        Assert.Contains("Description = \"say \\\"hi\\\"\\\\\\ttab\\nnew\\u0001\"\n", text);
        Assert.Equal(config.Description, PrivateConfig.Parse(text, File).Description);
    }

    [Fact]
    public void AnyValidTomlIsAcceptedAndUnknownKeysIgnored()
    {
        var text = $$"""
            Public = '{{ConfigSamples.Node0Public}}'
            Private = "{{ConfigSamples.Node0Private}}"
            Address = "tls://127.0.0.1:7770"
            Extra = 42
            description = "lower-case key, matched like Go's decoder"
            Url = "https://conode.example.org"
            [Services.Skipchain]
            Suite = "bn256.adapter"
            Public = "{{ConfigSamples.Node0SkipchainPublic}}"
            Private = "{{ConfigSamples.Node0SkipchainPrivate}}"
            Comment = "ignored"
            """;
        var config = PrivateConfig.Parse(text, File);
        Assert.Equal("Ed25519", config.Suite); // missing Suite ⇒ Ed25519
        Assert.Equal("lower-case key, matched like Go's decoder", config.Description);
        Assert.Equal("https://conode.example.org", config.Url);
        Assert.Equal("", config.ListenAddress);
        Assert.Single(config.Services);
    }

    [Fact]
    public void KeysFromTheVectorsLoadAndGiveTheDatabaseName()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(SharedFolder.Vector("conode-toml-keys.json")));
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c);
        string Hex(string id, string field) => cases[id].GetProperty(field).GetString()!;
        var text = $"""
            Suite = "Ed25519"
            Public = "{Hex("ed25519-server-key", "public_hex")}"
            Private = "{Hex("ed25519-server-key", "private_hex")}"
            Address = "tls://conode1:7770"
            [Services.ByzCoin]
            Suite = "bn256.adapter"
            Public = "{Hex("service-ByzCoin", "public_hex")}"
            Private = "{Hex("service-ByzCoin", "private_hex")}"
            [Services.Skipchain]
            Suite = "bn256.adapter"
            Public = "{Hex("service-Skipchain", "public_hex")}"
            Private = "{Hex("service-Skipchain", "private_hex")}"
            """;
        var config = PrivateConfig.Parse(text, File);
        Assert.Equal(Hex("service-Skipchain", "public_hex"), config.FindService("Skipchain")!.Public);
        Assert.Equal(Convert.FromHexString(Hex("ed25519-server-key", "public_hex")), config.PublicKeyBytes);
        Assert.Equal(config.ToToml(), PrivateConfig.Parse(config.ToToml(), File).ToToml());
    }

    [Fact]
    public void HexBeyondTheKeyLengthIsIgnoredLikeKyber()
    {
        var text = ConfigSamples.PrivateToml.Replace(
            $"Public = \"{ConfigSamples.Node0Public}\"", $"Public = \"{ConfigSamples.Node0Public}trailing junk\"");
        var config = PrivateConfig.Parse(text, File);
        Assert.Equal(Convert.FromHexString(ConfigSamples.Node0Public), config.PublicKeyBytes);
        Assert.Equal(text, config.ToToml()); // kept verbatim
    }

    [Theory]
    [InlineData("Public = \"424425e42bdb\"", "Public", "expected 64 hex characters (Ed25519 point), got 12")]
    [InlineData("Public = \"x24425e42bdb4526dd0837089425a99461c9f37dfbf241659fc5abca55c28992\"", "Public",
        "expected 64 hex characters (Ed25519 point), found 'x' at position 1")]
    [InlineData("Public = 5", "Public", "expected a string, got an integer")]
    [InlineData("Private = \"\"", "Private", "expected 64 hex characters (Ed25519 scalar), got 0")]
    [InlineData("Suite = \"bn256.adapter\"", "Suite", "expected \"Ed25519\" for the conode identity, got \"bn256.adapter\"")]
    [InlineData("Address = \"127.0.0.1:7770\"", "Address", "expected an address like tls://host:port")]
    [InlineData("Address = \"tls://1000.0.0.4:7770\"", "Address", "host \"1000.0.0.4\" is neither an IP address nor a valid hostname")]
    [InlineData("ListenAddress = \":7770\"", "ListenAddress", "expected empty, \"host\" or \"host:port\", got \":7770\"")]
    [InlineData("ListenAddress = \"0.0.0.0:http\"", "ListenAddress", "port \"http\" is not a number")]
    [InlineData("URL = \"conode.example.org\"", "URL", "expected an absolute http:// or https:// URL")]
    [InlineData("WebSocketTLSCertificate = \"ftp://x.pem\"", "WebSocketTLSCertificate", "expected a file path, file://<path> or string://<PEM>")]
    [InlineData("WebSocketTLSCertificateKey = \"file://a://b\"", "WebSocketTLSCertificateKey", "expected a file path")]
    [InlineData("WebSocketTLSCertificate = \"/etc/cert.pem\"", "WebSocketTLSCertificateKey", "must be set when WebSocketTLSCertificate is set")]
    [InlineData("WebSocketTLSCertificateKey = \"string://PEM\"", "WebSocketTLSCertificate", "must be set when WebSocketTLSCertificateKey is set")]
    public void TopLevelProblemsNameFileAndKey(string replacementLine, string key, string problem)
    {
        var text = ReplaceLine(ConfigSamples.PrivateToml, replacementLine);
        var e = Assert.Throws<ConfigException>(() => PrivateConfig.Parse(text, File));
        Assert.Equal(File, e.File);
        Assert.Equal(key, e.Key);
        Assert.Contains(problem, e.Problem);
        Assert.StartsWith($"{File}: key \"{key}\": ", e.Message);
    }

    [Fact]
    public void ErrorMessageMatchesTheDocumentedShape()
    {
        var text = ReplaceLine(ConfigSamples.PrivateToml, "Public = \"424425e42bdb\"");
        var e = Assert.Throws<ConfigException>(() => PrivateConfig.Parse(text, File));
        Assert.Equal("/x/private.toml: key \"Public\": expected 64 hex characters (Ed25519 point), got 12", e.Message);
    }

    [Theory]
    [InlineData("    Suite = \"bn256.adapter\"\n    Public = \"79e3", "    Suite = \"bn257\"\n    Public = \"79e3",
        "Services.ByzCoin.Suite", "expected \"bn256.adapter\" for the ByzCoin service, got \"bn257\"")]
    [InlineData("    Suite = \"bn256.adapter\"\n    Public = \"46ba", "    Suite = \"BN256.adapter\"\n    Public = \"46ba",
        "Services.Skipchain.Suite", "expected \"bn256.adapter\" for the Skipchain service, got \"BN256.adapter\"")]
    [InlineData("[Services]\n", "[Services]\n  [Services.Other]\n    Suite = \"p256\"\n", "Services.Other.Suite", "unknown suite \"p256\"")]
    [InlineData($"    Public = \"{ConfigSamples.Node0SkipchainPublic}\"", "    Public = \"46baa4\"",
        "Services.Skipchain.Public", "expected 256 hex characters (bn256 G2 point), got 6")]
    [InlineData($"    Private = \"{ConfigSamples.Node0SkipchainPrivate}\"", "    Private = \"zz\"",
        "Services.Skipchain.Private", "expected 64 hex characters (bn256.adapter scalar), got 2")]
    [InlineData("[Services]\n", "[Services]\n  Bad = 1\n", "Services.Bad", "expected a table, got an integer")]
    public void ServiceProblemsNameTheNestedKey(string find, string replace, string key, string problem)
    {
        var text = ConfigSamples.PrivateToml.Replace(find, replace);
        Assert.NotEqual(ConfigSamples.PrivateToml, text);
        var e = Assert.Throws<ConfigException>(() => PrivateConfig.Parse(text, File));
        Assert.Equal(key, e.Key);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith(File, e.Message);
    }

    [Fact]
    public void ServicesThisConodeDoesNotRunKeepTheirKeys()
    {
        var text = ConfigSamples.PrivateToml + "  [Services.Other]\n    Suite = \"Ed25519\"\n" +
            $"    Public = \"{ConfigSamples.Node1Public}\"\n    Private = \"{ConfigSamples.Node0Private}\"\n";
        var config = PrivateConfig.Parse(text, File);
        Assert.Equal(["ByzCoin", "Skipchain", "Other"], config.Services.Select(s => s.Name));
        // Written back in Go's sorted order.
        Assert.Equal(["ByzCoin", "Other", "Skipchain"], PrivateConfig.Parse(config.ToToml(), File).Services.Select(s => s.Name));
    }

    [Fact]
    public void MissingKeysAreReported()
    {
        var text = string.Join('\n', ConfigSamples.PrivateToml.Split('\n').Where(l => !l.StartsWith("Address", StringComparison.Ordinal)));
        var e = Assert.Throws<ConfigException>(() => PrivateConfig.Parse(text, File));
        Assert.Equal("/x/private.toml: key \"Address\": is missing", e.Message);
    }

    [Fact]
    public void BadTomlReportsLineAndColumn()
    {
        var text = "Suite = \"Ed25519\"\nPublic = = \"x\"\n";
        var e = Assert.Throws<ConfigException>(() => PrivateConfig.Parse(text, File));
        Assert.Null(e.Key);
        Assert.StartsWith("/x/private.toml: invalid TOML at line 2, column ", e.Message);
    }

    [Theory]
    [InlineData("", "", 7770)]
    [InlineData("10.0.0.5", "10.0.0.5", 7770)]
    [InlineData("conode.lan", "conode.lan", 7770)]
    [InlineData("10.0.0.5:9000", "10.0.0.5", 9000)]
    [InlineData("[::1]:9000", "::1", 9000)]
    public void ListenAddressForms(string listen, string host, int port)
    {
        var config = PrivateConfig.Parse(ConfigSamples.PrivateToml, File) with { ListenAddress = listen };
        Assert.Equal((host, port), config.ListenEndpoint);
        Assert.Equal((host, port), PrivateConfig.Parse(config.ToToml(), File).ListenEndpoint);
    }

    [Fact]
    public void TlsVariantOfTheSpecLoads()
    {
        var text = ConfigSamples.PrivateToml
            .Replace("Address = \"tls://127.0.0.1:7770\"", "Address = \"tls://conode.example.org:7770\"")
            .Replace("URL = \"\"", "URL = \"https://conode.example.org:7771\"")
            .Replace("WebSocketTLSCertificate = \"\"", "WebSocketTLSCertificate = \"/etc/letsencrypt/live/conode.example.org/fullchain.pem\"")
            .Replace("WebSocketTLSCertificateKey = \"\"", "WebSocketTLSCertificateKey = \"file:///etc/letsencrypt/live/conode.example.org/privkey.pem\"");
        var config = PrivateConfig.Parse(text, File);
        Assert.True(config.WebSocketTls);
        Assert.Equal(7771, config.Address.WebSocketPort(config.Url));
        Assert.Equal(text, config.ToToml());
    }

    [Fact]
    public void SaveWritesOwnerOnlyFileAndLoadReadsIt()
    {
        using var folder = new TempFolder();
        var path = folder.File("private.toml");
        System.IO.File.WriteAllText(path, "old");
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        }
        PrivateConfig.Parse(ConfigSamples.PrivateToml, File).Save(path);

        Assert.Equal(ConfigSamples.PrivateToml, System.IO.File.ReadAllText(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(path));
        }
        Assert.Equal("Conode_1", PrivateConfig.Load(path).Description);
        var missing = Assert.Throws<ConfigException>(() => PrivateConfig.Load(folder.File("nope.toml")));
        Assert.StartsWith(folder.File("nope.toml") + ": cannot read file", missing.Message);
    }

    private static string ReplaceLine(string text, string replacementLine)
    {
        var key = replacementLine[..replacementLine.IndexOf(' ')];
        var lines = text.Split('\n');
        var index = Array.FindIndex(lines, l => l.StartsWith(key + " =", StringComparison.Ordinal));
        Assert.True(index >= 0, $"no line for {key}");
        lines[index] = replacementLine;
        return string.Join('\n', lines);
    }
}
