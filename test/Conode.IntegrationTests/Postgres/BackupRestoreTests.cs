using System.Diagnostics;
using Conode.Client;
using Conode.IntegrationTests.Harness;
using Conode.IntegrationTests.Skipchain;
using Conode.Silo.Storage.Postgres;

namespace Conode.IntegrationTests.Postgres;

/// <summary>db-scripts/backup.sh and restore.sh: a node moved to a fresh database keeps its state.</summary>
[Collection(OwnCothorityCollection.Name)]
public sealed class BackupRestoreTests
{
    [PostgresFact]
    public async Task A_backup_restored_into_a_fresh_database_brings_the_node_back_with_every_chain()
    {
        await using var original = await TestPostgres.CreateDatabaseAsync();
        await using var fresh = await TestPostgres.CreateDatabaseAsync();
        await using var node = await PostgresNode.CreateAsync(original);
        var silo = await node.StartSiloAsync();
        var client = new ConodeClient();
        var chains = await SkipchainChecks.GrowChainsAsync(client, SkipchainChecks.RosterOf(Path.Combine(node.Folder, "public.toml")), 5, 0);
        // Everything acknowledged, higher-level links included, is in the database the backup reads.
        await SkipchainChecks.AssertServesEveryChainAsync(client, silo.Endpoint, chains);
        var before = (await PostgresNode.GetStatusAsync(silo)).Status["Generic"].Field;
        var backup = Path.Combine(node.Directory, "node.dump");

        // While the node runs; the Npgsql form of the setting, as private.toml holds it.
        var (backedUp, backupOutput) = await RunScriptAsync("backup.sh", original.Connection, backup);
        Assert.True(backedUp == 0, backupOutput);
        var (refused, refusal) = await RunScriptAsync("restore.sh", original.Connection, backup);
        Assert.Equal(1, refused);
        Assert.Contains("already holds", refusal);

        var (restored, restoreOutput) = await RunScriptAsync("restore.sh", fresh.Connection, backup);
        Assert.True(restored == 0, restoreOutput);
        await silo.KillAsync();
        node.MoveTo(fresh);
        var moved = await node.StartSiloAsync();

        var after = (await PostgresNode.GetStatusAsync(moved)).Status["Generic"].Field;
        Assert.Equal(before["FirstStart"], after["FirstStart"]);
        Assert.Equal(long.Parse(before["Starts"]) + 1, long.Parse(after["Starts"]));
        await SkipchainChecks.AssertChainsIntactAndGrowingAsync(client, moved.Endpoint, chains);
    }

    [PostgresFact]
    public async Task The_scripts_fail_with_a_message_on_a_bad_file_or_an_unreachable_server()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var notABackup = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(notABackup, "not a dump");
            var (badFile, badFileOutput) = await RunScriptAsync("restore.sh", database.Connection, notABackup);
            Assert.NotEqual(0, badFile);
            Assert.Contains("is not a backup written by backup.sh", badFileOutput);

            var unreachable = PostgresConnectionString.Parse($"Host=127.0.0.1;Port={LocalCothority.FreePortBlock(1)};Database=x;Username=x");
            File.Delete(notABackup);
            var (noServer, noServerOutput) = await RunScriptAsync("backup.sh", unreachable, notABackup);
            Assert.NotEqual(0, noServer);
            Assert.Contains("pg_dump failed; no backup written", noServerOutput);
            Assert.False(File.Exists(notABackup));
        }
        finally
        {
            File.Delete(notABackup);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunScriptAsync(string script, PostgresConnectionString database, string file)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(RepositoryFolder.Path, "db-scripts", script));
        info.ArgumentList.Add(file);
        info.Environment[Silo.Config.PrivateConfig.DatabaseVariable] = database.Value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
