using Conode.Client;
using Conode.IntegrationTests.Harness;
using Conode.IntegrationTests.Skipchain;

namespace Conode.IntegrationTests.Status;

/// <summary>Nodes that die and come back: their own cothority, so the shared one stays intact.</summary>
[Collection(OwnCothorityCollection.Name)]
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
            ["check", "--timeout", "20", cothority.RosterPath], throwOnFailure: false);
        Assert.Equal(1, exitCode);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches($@"^tls://127\.0\.0\.1:{cothority.Nodes[0].Port}\s+ok\b", lines[0]);
        Assert.Matches($@"^tls://127\.0\.0\.1:{victim.Port}\s+(?!ok\b)\S", lines[1]);

        await victim.RestartAsync();
        var after = (await client.GetStatusAsync(endpoint)).Status["Generic"].Field;
        Assert.Equal(long.Parse(before["Starts"]) + 1, long.Parse(after["Starts"]));
        Assert.Equal(before["FirstStart"], after["FirstStart"]);
    }

    [Fact]
    public async Task Backup_while_running_and_restore_into_an_empty_data_folder_bring_the_node_back_with_every_chain()
    {
        await using var cothority = await LocalCothority.StartAsync(1);
        var node = cothority.Nodes[0];
        var endpoint = node.Endpoint;
        var client = new ConodeClient();
        var chains = await SkipchainChecks.GrowChainsAsync(client, SkipchainChecks.RosterOf(cothority), 5, 0);
        // Everything acknowledged, higher-level links included, is in the store the backup copies.
        await SkipchainChecks.AssertServesEveryChainAsync(client, endpoint, chains);
        var before = (await client.GetStatusAsync(endpoint)).Status["Generic"].Field;
        var backup = Path.Combine(cothority.Directory, "backup.db");

        var (_, backedUp, _) = await Harness.Conode.RunAsync(cothority.Directory, ["-c", node.PrivateTomlPath, "backup", "--out", backup]);
        Assert.Contains("Backed up", backedUp);
        var whileRunning = await Harness.Conode.RunAsync(cothority.Directory,
            ["-c", node.PrivateTomlPath, "restore", "--from", backup, "--force"], throwOnFailure: false);
        Assert.Equal(1, whileRunning.ExitCode);
        Assert.Contains("stop the node", whileRunning.Stderr);

        await node.KillAsync();
        foreach (var file in Directory.GetFiles(cothority.Directory, Path.GetFileName(node.DatabasePath) + "*"))
        {
            File.Delete(file);
        }
        var (_, restored, _) = await Harness.Conode.RunAsync(cothority.Directory, ["-c", node.PrivateTomlPath, "restore", "--from", backup]);
        Assert.Contains("Restored", restored);
        await node.RestartAsync();

        var after = (await client.GetStatusAsync(endpoint)).Status["Generic"].Field;
        Assert.Equal(before["FirstStart"], after["FirstStart"]);
        Assert.Equal(long.Parse(before["Starts"]) + 1, long.Parse(after["Starts"]));
        await SkipchainChecks.AssertChainsIntactAndGrowingAsync(client, endpoint, chains);
    }

    [Fact]
    public async Task A_backup_of_another_node_is_refused()
    {
        await using var cothority = await LocalCothority.StartAsync(2);
        var backup = Path.Combine(cothority.Directory, "node1.db");
        await Harness.Conode.RunAsync(cothority.Directory, ["-c", cothority.Nodes[0].PrivateTomlPath, "backup", "--out", backup]);
        await cothority.Nodes[1].KillAsync();

        var refused = await Harness.Conode.RunAsync(cothority.Directory,
            ["-c", cothority.Nodes[1].PrivateTomlPath, "restore", "--from", backup, "--force"], throwOnFailure: false);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("is a backup of the node with public key", refused.Stderr);
    }

    [Fact]
    public async Task A_node_refuses_to_start_on_a_go_conode_database_with_a_clear_error()
    {
        var directory = Directory.CreateTempSubdirectory("conode-foreign-").FullName;
        try
        {
            var folder = Path.Combine(directory, "co1");
            await Harness.Conode.RunAsync(directory, ["setup"], stdin: $"127.0.0.1:{LocalCothority.FreePortBlock(2)}\nGo neighbour\n{folder}\n");
            var pub = Silo.Config.GroupConfig.Load(Path.Combine(folder, "public.toml")).Servers[0].Public;
            var database = Path.Combine(directory, Silo.Config.ConodePaths.DatabaseFileName(Convert.FromHexString(pub)));
            var bolt = new byte[32768];
            new Random(3).NextBytes(bolt);
            await File.WriteAllBytesAsync(database, bolt);

            var (exitCode, _, stderr) = await Harness.Conode.RunAsync(directory,
                ["-c", Path.Combine(folder, "private.toml"), "server"], throwOnFailure: false);

            Assert.Equal(1, exitCode);
            Assert.Contains("is not a Conode.NET store", stderr);
            Assert.DoesNotContain("   at ", stderr);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
