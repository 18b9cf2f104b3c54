using Conode.Client;
using Conode.IntegrationTests.Harness;
using Conode.IntegrationTests.Skipchain;
using Conode.Services.Status;

namespace Conode.IntegrationTests.Postgres;

/// <summary>Several <c>conode server</c> processes behind one identity, sharing one PostgreSQL database.</summary>
[Collection(OwnCothorityCollection.Name)]
public sealed class MultiSiloTests
{
    /// <summary>Long enough for Orleans to declare a killed silo dead (3 missed probes) on a loaded machine.</summary>
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(120);

    [PostgresFact]
    public async Task Two_silos_form_one_cluster_and_the_survivor_of_a_kill_minus_9_serves_and_grows_every_acknowledged_chain()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var node = await PostgresNode.CreateAsync(database);
        var client = new ConodeClient();
        var roster = SkipchainChecks.RosterOf(Path.Combine(node.Folder, "public.toml"));
        // The first silo starts alone, so the node's grains (its counters, the chains' grains) activate there; the
        // chains are created through its client port (the published address).
        var first = await node.StartSiloAsync();
        var chains = await SkipchainChecks.GrowChainsAsync(client, roster, 3, 1);
        var second = await node.StartSiloAsync();

        var fromFirst = await PostgresNode.GetStatusAsync(first);
        var fromSecond = await PostgresNode.GetStatusAsync(second);
        Assert.Equal(fromFirst.ServerIdentity!.Id, fromSecond.ServerIdentity!.Id);
        Assert.Equal(fromFirst.ServerIdentity!.Public, fromSecond.ServerIdentity!.Public);
        // One node-wide counter grain for both silos: each silo's start was counted once, in the same place.
        Assert.Equal(2, StartsOf(fromFirst));
        Assert.Equal(2, StartsOf(fromSecond));
        Assert.Equal(2L, await ActiveSilosAsync(node));
        Assert.StartsWith("postgresql ", fromSecond.Status["Db"].Field["Engine"]);

        // More blocks through the silo about to die, acknowledged (and, for the higher-level links made after the
        // answers, served) by it before the kill.
        foreach (var chain in chains)
        {
            await SkipchainChecks.AppendAsync(client, chain, 3, leader: first.Endpoint);
        }
        await SkipchainChecks.AssertServesEveryChainAsync(client, first.Endpoint, chains);

        await first.KillAsync();
        var afterKill = await WaitForFailoverAsync(second, () => PostgresNode.GetStatusAsync(second));
        Assert.Equal(fromFirst.ServerIdentity!.Id, afterKill.ServerIdentity!.Id);
        Assert.True(StartsOf(afterKill) >= 2, $"start counter went back to {StartsOf(afterKill)}");
        await WaitForFailoverAsync(second, async () =>
        {
            await SkipchainChecks.AssertServesEveryChainAsync(client, second.Endpoint, chains);
            return true;
        });
        foreach (var chain in chains)
        {
            await SkipchainChecks.AppendAsync(client, chain, 1, leader: second.Endpoint);
        }
        await SkipchainChecks.AssertServesEveryChainAsync(client, second.Endpoint, chains);

        await first.RestartAsync();
        Assert.Equal(3, StartsOf(await WaitForFailoverAsync(first, () => PostgresNode.GetStatusAsync(first))));
        await SkipchainChecks.AssertServesEveryChainAsync(client, first.Endpoint, chains);
    }

    [PostgresFact]
    public async Task Nodes_sharing_a_database_keep_to_their_own_cluster_and_state()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var alice = await PostgresNode.CreateAsync(database, "alice");
        await using var bob = await PostgresNode.CreateAsync(database, "bob");
        var aliceSilo = await alice.StartSiloAsync();
        var bobSilo = await bob.StartSiloAsync();
        await bobSilo.RestartAsync();

        var aliceStatus = await PostgresNode.GetStatusAsync(aliceSilo);
        var bobStatus = await PostgresNode.GetStatusAsync(bobSilo);
        Assert.Equal("alice", aliceStatus.ServerIdentity!.Description);
        Assert.Equal("bob", bobStatus.ServerIdentity!.Description);
        Assert.Equal(1, StartsOf(aliceStatus));
        Assert.Equal(2, StartsOf(bobStatus));
        Assert.Equal(1L, await ActiveSilosAsync(alice));
        Assert.Equal(1L, await ActiveSilosAsync(bob));
        Assert.Equal(2L, await TestPostgres.ScalarAsync<long>(database.Connection,
            "SELECT count(DISTINCT service_id) FROM orleans_grain_state"));
    }

    private static long StartsOf(StatusResponse status) => long.Parse(status.Status["Generic"].Field["Starts"]);

    private static Task<long> ActiveSilosAsync(PostgresNode node) =>
        TestPostgres.ScalarAsync<long>(node.Database.Connection,
            $"SELECT count(*) FROM orleans_silo WHERE status = 3 AND cluster_id = " +
            $"'conode-{Silo.Config.PrivateConfig.Load(node.PrivateTomlPath).Public[..64].ToLowerInvariant()}'");

    /// <summary>
    /// <paramref name="ask"/> of <paramref name="silo"/>, retried while the cluster still routes the node's grains to a
    /// dead silo (until Orleans declares it dead); the client port itself must stay up throughout.
    /// </summary>
    private static async Task<T> WaitForFailoverAsync<T>(ConodeProcess silo, Func<Task<T>> ask)
    {
        var deadline = DateTime.UtcNow + FailoverTimeout;
        while (true)
        {
            try
            {
                return await ask();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await silo.WaitUntilServingAsync();
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
