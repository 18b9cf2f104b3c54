using Conode.Silo.Cli;
using Conode.Silo.Config;
using Conode.Silo.Tests.Config;

namespace Conode.Silo.Tests.Cli;

public class SetupTests : IDisposable
{
    private const string Q1 = "Please enter the [address:]PORT for incoming to bind to and where other nodes will be able to contact you. [7770]: ";
    private const string Q2 = "IP-address where your server can be reached [127.0.0.1]: ";
    private const string Q3 = "Give a description of the cothority [New cothority]: ";

    private readonly TempFolder temp = new();
    private readonly CliHarness cli;

    public SetupTests() => cli = new CliHarness(temp.File("xdg"));

    public void Dispose() => temp.Dispose();

    private string Q4 => $"Please enter a folder for the configuration files [{Path.Join(temp.File("xdg"), "conode")}]: ";

    private static string KeyLines =>
        "Creating private and public keys for suite bn256.adapter.\n" +
        $"Public key: {ConfigSamples.Node0SkipchainPublic}\n" +
        "Creating private and public keys for suite bn256.adapter.\n" +
        $"Public key: {ConfigSamples.Node0ByzCoinPublic}\n" +
        "Creating private and public keys for suite Ed25519.\n" +
        $"Public key: {ConfigSamples.Node0Public}\n";

    private const string ReachableIntro =
        "\n" +
        "We now need to get a reachable address for other Servers\n" +
        "and clients to contact you. This address will be put in a group definition\n" +
        "file that you can share and combine with others to form a Cothority roster.\n";

    private static string Saved(string folder, string publicToml) =>
        $"Success! You can now use the conode with the config file {Path.Join(folder, "private.toml")}\n" +
        $"Saved a group definition snippet for your server at {Path.Join(folder, "public.toml")}\n" +
        publicToml + "\n" +
        "All configurations saved, ready to serve signatures now.\n";

    [Fact]
    public async Task RunNodesScriptAnswersOnlyQ1Q3Q4AndGetsGosFiles()
    {
        var folder = temp.File("co1");
        var code = await cli.RunWithInput($"127.0.0.1:7770\nConode_1\n{folder}\n", "setup");

        Assert.Equal(0, code);
        Assert.Equal("", cli.Err);
        Assert.Equal("", cli.Unread);
        Assert.Equal(ConfigSamples.PrivateToml, File.ReadAllText(Path.Join(folder, "private.toml")));
        Assert.Equal(ConfigSamples.PublicTomlNode0, File.ReadAllText(Path.Join(folder, "public.toml")));
        Assert.Equal(
            "Setting up a cothority-server.\n" +
            "\n" + Q1 +
            ReachableIntro +
            KeyLines +
            "\n" + Q3 +
            "\n" + Q4 +
            $"Creating inexistant directory configuration {folder}\n" +
            Saved(folder, ConfigSamples.PublicTomlNode0),
            cli.Out);
        Assert.Equal(["Skipchain", "ByzCoin", "identity"], cli.Keys.Calls);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Join(folder, "private.toml")));
        }
    }

    [Fact]
    public async Task NoHostGoesToQ2AndRefusedOverwriteAsksForAnotherFolder()
    {
        var taken = temp.File("taken");
        Directory.CreateDirectory(taken);
        File.WriteAllText(Path.Join(taken, "private.toml"), "keep me");
        var fresh = temp.File("fresh");

        var code = await cli.RunWithInput($"\n10.0.0.7\n\n{taken}\nno\n{fresh}\n", "setup");

        Assert.Equal(0, code);
        Assert.Equal("", cli.Unread);
        Assert.Equal("keep me", File.ReadAllText(Path.Join(taken, "private.toml")));
        var written = PrivateConfig.Load(Path.Join(fresh, "private.toml"));
        Assert.Equal("tls://10.0.0.7:7770", written.Address.Value);
        Assert.Equal("New cothority", written.Description);
        var publicToml = new GroupConfig([GroupServer.FromPrivate(written)]).ToToml();
        Assert.Equal(
            "Setting up a cothority-server.\n" +
            "\n" + Q1 +
            ReachableIntro +
            "This conode does not look up its public IP on the Internet; please give it below.\n" +
            "\n" + Q2 +
            KeyLines +
            "\n" + Q3 +
            "\n" + Q4 +
            $"\nConfiguration file {Path.Join(taken, "private.toml")} already exists. Override? [Yn]: " +
            "\n" + Q4 +
            $"Creating inexistant directory configuration {fresh}\n" +
            Saved(fresh, publicToml),
            cli.Out);
    }

    [Fact]
    public async Task EnterConfirmsOverwriteOfBothFiles()
    {
        var folder = temp.File("again");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Join(folder, "private.toml"), "old");
        File.WriteAllText(Path.Join(folder, "public.toml"), "old");

        var code = await cli.RunWithInput($"127.0.0.1:7770\nConode_1\n{folder}\n\ny\n", "setup");

        Assert.Equal(0, code);
        Assert.Equal("", cli.Unread);
        Assert.Contains($"Configuration file {Path.Join(folder, "public.toml")} already exists. Override? [Yn]: ", cli.Out);
        Assert.Equal(ConfigSamples.PrivateToml, File.ReadAllText(Path.Join(folder, "private.toml")));
        Assert.Equal(ConfigSamples.PublicTomlNode0, File.ReadAllText(Path.Join(folder, "public.toml")));
    }

    [Fact]
    public async Task DefaultFolderIsTheConfigDir()
    {
        var code = await cli.RunWithInput("127.0.0.1:7770\nConode_1\n\n", "setup");
        Assert.Equal(0, code);
        Assert.Equal(ConfigSamples.PrivateToml, File.ReadAllText(Path.Join(temp.File("xdg"), "conode", "private.toml")));
    }

    [Fact]
    public async Task PublicAddressGoesThroughTheDiscoveryStep()
    {
        var discovery = new ScriptedDiscovery(publicHost: "203.0.113.9", reachabilityProblem: "Portscan returned: Closed");
        cli.Discovery = discovery;
        var folder = temp.File("pub");

        // Host given and public: the step refuses it, so Q2 is asked.
        var code = await cli.RunWithInput($"198.51.100.4:7770\n10.1.1.1:7770\nx\n{folder}\n", "setup");

        Assert.Equal(0, code);
        Assert.Equal(["tls://198.51.100.4:7770 via tls://198.51.100.4:7770"], discovery.Checked);
        Assert.Equal("Portscan returned: Closed\n", cli.Err);
        Assert.Contains(Q2, cli.Out);
        Assert.Equal("tls://10.1.1.1:7770", PrivateConfig.Load(Path.Join(folder, "private.toml")).Address.Value);

        // No host: the discovered IP is checked with the 0.0.0.0 binding.
        discovery.Checked.Clear();
        await cli.RunWithInput($":7780\n\nx\n{temp.File("pub2")}\n", "setup");
        Assert.Equal(["tls://203.0.113.9:7780 via tls://0.0.0.0:7780"], discovery.Checked);
    }

    [Fact]
    public async Task OfflineDefaultAcceptsATypedPublicAddress()
    {
        var folder = temp.File("typed");
        var code = await cli.RunWithInput($"conode.example.org:7770\nx\n{folder}\n", "setup");
        Assert.Equal(0, code);
        Assert.Contains("Not checking from the Internet whether tls://conode.example.org:7770 is reachable", cli.Out);
        Assert.DoesNotContain(Q2, cli.Out);
        Assert.Equal("tls://conode.example.org:7770", PrivateConfig.Load(Path.Join(folder, "private.toml")).Address.Value);
    }

    [Fact]
    public async Task NamesAreResolvedBeforeDecidingTheyArePrivate()
    {
        var discovery = new ScriptedDiscovery(publicHost: null, reachabilityProblem: "must not be asked");
        cli.Discovery = discovery;
        var folder = temp.File("local");
        var code = await cli.RunWithInput($"localhost:7770\nx\n{folder}\n", "setup");
        Assert.Equal(0, code);
        Assert.Empty(discovery.Checked);
        Assert.Equal("tls://localhost:7770", PrivateConfig.Load(Path.Join(folder, "private.toml")).Address.Value);
    }

    [Fact]
    public async Task UnusableFolderIsFatal()
    {
        var file = temp.Write("a-file", "");
        var code = await cli.RunWithInput($"127.0.0.1:7770\nx\n{file}\n", "setup");
        Assert.Equal(1, code);
        Assert.StartsWith($"Could not create directory configuration {file} ", cli.Err);
    }

    [Theory]
    [InlineData("\n10.0.0.7:7771\n", "The port you gave is not the same as the one your server will be listening. Abort.")]
    [InlineData("\nconode.lan\n", "Invalid IP address given: conode.lan")]
    [InlineData("\nconode.lan:7770\n", "Invalid IP:port address given: conode.lan:7770")]
    [InlineData("\n::1\n", "Could not validate public ip address: tls://::1")]
    [InlineData("a:b:c\n", "Couldn't interpret a:b:c: too many colons in address")]
    [InlineData("127.0.0.1:7770\n", "Could not read input.")]
    public async Task FatalAnswersExitWithStatus1(string stdin, string message)
    {
        var code = await cli.RunWithInput(stdin, "setup");
        Assert.Equal(1, code);
        Assert.Equal(message + "\n", cli.Err);
        Assert.False(Directory.Exists(temp.File("xdg")));
    }

    [Fact]
    public async Task InvalidBindAddressEndsSetupWithoutWritingLikeGo()
    {
        var code = await cli.RunWithInput("1000.0.0.4:7770\n", "s");
        Assert.Equal(0, code);
        Assert.Equal("Unable to validate address given tls://1000.0.0.4:7770\n", cli.Err);
        Assert.Empty(cli.Keys.Calls);
    }

    [Fact]
    public async Task NonInteractiveWritesOnlyPrivateTomlToConfigPath()
    {
        var path = temp.File("private.toml");
        var code = await cli.Run("-c", path, "setup", "--non-interactive");

        Assert.Equal(0, code);
        Assert.Equal($"Wrote config file to {path}\n", cli.Err);
        var config = PrivateConfig.Load(path);
        Assert.Equal("tls://:6879", config.Address.Value);
        Assert.Equal("configured in non-interactive mode", config.Description);
        Assert.Equal(["ByzCoin", "Skipchain"], config.Services.Select(s => s.Name).Order());
        Assert.False(File.Exists(temp.File("public.toml")));
        Assert.Equal(["identity", "Skipchain", "ByzCoin"], cli.Keys.Calls);
    }

    [Fact]
    public async Task NonInteractiveFlagsAndFolderWriteBothFiles()
    {
        var folder = temp.File("node");
        var code = await cli.Run("setup", "--non-interactive", "--host", "127.0.0.1", "--port", "7770",
            "--description", "Conode_1", "--folder", folder);

        Assert.Equal(0, code);
        Assert.Equal(ConfigSamples.PrivateToml, File.ReadAllText(Path.Join(folder, "private.toml")));
        Assert.Equal(ConfigSamples.PublicTomlNode0, File.ReadAllText(Path.Join(folder, "public.toml")));
        Assert.Equal(
            $"Wrote config file to {Path.Join(folder, "private.toml")}\nWrote public config file to {Path.Join(folder, "public.toml")}\n",
            cli.Err);
    }

    [Fact]
    public async Task ArgumentsAreTakenLiterally()
    {
        var path = temp.File("private.toml");
        Assert.Equal(0, await cli.Run("-c", path, "setup", "--non-interactive", "--description", "@team [ops]"));
        Assert.Equal("@team [ops]", PrivateConfig.Load(path).Description);
    }

    [Fact]
    public async Task NonInteractiveRefusesToOverwriteUnlessForced()
    {
        var path = temp.Write("private.toml", "precious");

        Assert.Equal(1, await cli.Run("setup", "--non-interactive", "-c", path));
        Assert.Equal($"{path} already exists; use --force to overwrite it (private.toml holds the conode's identity key)\n", cli.Err);
        Assert.Equal("precious", File.ReadAllText(path));
        Assert.Empty(cli.Keys.Calls);

        Assert.Equal(0, await cli.Run("setup", "--non-interactive", "-c", path, "--force"));
        Assert.Equal("tls://:6879", PrivateConfig.Load(path).Address.Value);
    }

    [Fact]
    public async Task NonInteractiveProblemsExitWith1()
    {
        Assert.Equal(1, await cli.Run("-c", temp.File("missing/dir/private.toml"), "setup", "--non-interactive"));
        Assert.StartsWith("opening config file: ", cli.Err);

        Assert.Equal(1, await cli.Run("-c", temp.File("p.toml"), "setup", "--non-interactive", "--host", "1000.0.0.4"));
        Assert.StartsWith("Invalid address tls://1000.0.0.4:6879: host \"1000.0.0.4\"", cli.Err);
    }
}
