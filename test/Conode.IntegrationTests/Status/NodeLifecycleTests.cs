using Conode.Client;
using Conode.IntegrationTests.Harness;

namespace Conode.IntegrationTests.Status;

/// <summary>Nodes that die and come back: their own cothority, so the shared one stays intact.</summary>
public sealed class NodeLifecycleTests
{
    [Fact]
    public async Task Counters_survive_kill_minus_9_and_check_reports_the_dead_node()
    {
        await using var cothority = await LocalCothority.StartAsync(2);
        var victim = cothority.Nodes[1];
        var endpoint = ConodeEndpoint.Parse($"tls://127.0.0.1:{victim.Port}");
        var client = new ConodeClient();
        var before = (await client.GetStatusAsync(endpoint)).Status["Generic"].Field;

        await victim.KillAsync();
        var (exitCode, stdout, _) = await Harness.Conode.RunAsync(cothority.Directory,
            ["check", "--timeout", "3", cothority.RosterPath], throwOnFailure: false);
        Assert.Equal(1, exitCode);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches($@"^tls://127\.0\.0\.1:{cothority.Nodes[0].Port}\s+ok\b", lines[0]);
        Assert.Matches($@"^tls://127\.0\.0\.1:{victim.Port}\s+(?!ok\b)\S", lines[1]);

        await victim.RestartAsync();
        var after = (await client.GetStatusAsync(endpoint)).Status["Generic"].Field;
        Assert.Equal(long.Parse(before["Starts"]) + 1, long.Parse(after["Starts"]));
        Assert.Equal(before["FirstStart"], after["FirstStart"]);
    }
}
