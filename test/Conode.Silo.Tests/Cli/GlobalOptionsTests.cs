namespace Conode.Silo.Tests.Cli;

public class GlobalOptionsTests
{
    private readonly CliHarness cli = new("/xdg");

    [Fact]
    public async Task NoCommandPrintsHelpAndExits0()
    {
        Assert.Equal(0, await cli.Run());
        Assert.Contains("run a cothority server", cli.Out);
        foreach (var command in new[] { "setup", "server", "check", "help" })
        {
            Assert.Contains(command, cli.Out);
        }
        Assert.Contains("/xdg/conode/private.toml", cli.Out); // default of -c
    }

    [Theory]
    [InlineData("-v")]
    [InlineData("--version")]
    public async Task VersionIsPrintedLikeGo(string flag)
    {
        Assert.Equal(0, await cli.Run(flag));
        Assert.Equal("conode version v0.1-test\n", cli.Out);
    }

    [Fact]
    public async Task HelpCommandAndFlagDescribeEveryOption()
    {
        Assert.Equal(0, await cli.Run("help", "setup"));
        foreach (var option in new[] { "--non-interactive", "--host", "--port", "--description", "--folder", "--force", "6879", "configured in non-interactive mode" })
        {
            Assert.Contains(option, cli.Out);
        }
        Assert.Equal(0, await cli.Run("check", "-h"));
        Assert.Contains("--timeout", cli.Out);
        Assert.Contains("-g", cli.Out);
        Assert.Equal(0, await cli.Run("h"));
        Assert.Contains("Commands:", cli.Out);
    }

    [Theory]
    [InlineData("-d", "6", "server")]
    [InlineData("-d", "-1", "server")]
    [InlineData("frobnicate")]
    public async Task BadUsageExits1(params string[] args)
    {
        Assert.Equal(1, await cli.Run(args));
        Assert.NotEqual("", cli.Err);
        Assert.Null(cli.Runner.Call);
    }
}
