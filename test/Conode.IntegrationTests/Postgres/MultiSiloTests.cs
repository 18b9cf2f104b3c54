using Conode.IntegrationTests.Harness;
using Conode.Services.Status;

namespace Conode.IntegrationTests.Postgres;

/// <summary>Several <c>conode server</c> processes behind one identity, sharing one PostgreSQL database.</summary>
public sealed class MultiSiloTests
{
    /// <summary>Long enough for Orleans to declare a killed silo dead (3 missed probes) on a loaded machine.</summary>
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(120);

    [PostgresFact]
    public async Task Two_silos_form_one_cluster_and_the_survivor_of_a_kill_minus_9_keeps_serving_the_durable_state()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var node = await PostgresNode.CreateAsync(database);
        // The first silo starts alone, so the node's grains activate there: what they write goes through it.
        var first = await node.StartSiloAsync();
        var written = await DurableState.CaptureAsync(first);
        var second = await node.StartSiloAsync();

        var fromFirst = await PostgresNode.GetStatusAsync(first);
        var fromSecond = await PostgresNode.GetStatusAsync(second);
        Assert.Equal(fromFirst.ServerIdentity!.Id, fromSecond.ServerIdentity!.Id);
        Assert.Equal(fromFirst.ServerIdentity!.Public, fromSecond.ServerIdentity!.Public);
        // One node-wide counter grain for both silos: each silo's start was counted once, in the same place.
        Assert.Equal(written.Starts + 1, StartsOf(fromFirst));
        Assert.Equal(written.Starts + 1, StartsOf(fromSecond));
        Assert.Equal(2L, await ActiveSilosAsync(node));
        Assert.StartsWith("postgresql ", fromSecond.Status["Db"].Field["Engine"]);
        Assert.Equal("1", fromSecond.Status["Db"].Field["States"]);

        await first.KillAsync();
        var afterKill = await WaitForStatusAsync(second);
        Assert.Equal(fromFirst.ServerIdentity!.Id, afterKill.ServerIdentity!.Id);
        DurableState.AssertSurvived(written, afterKill);

        await first.RestartAsync();
        Assert.Equal(written.Starts + 2, StartsOf(await WaitForStatusAsync(first)));
        Assert.Equal(written.Starts + 2, StartsOf(await WaitForStatusAsync(second)));
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

    /// <summary>
    /// What must outlive the silo it was written through. Today that is the node's durable start counter
    /// (NodeStatusGrain, written at every silo start by the silo hosting the grain), captured from that silo.
    /// Once the Skipchain service exists, a loop appending blocks through that silo belongs in
    /// <see cref="CaptureAsync"/> (returning the chain's length and last block ID), and reading them back through
    /// the survivor in <see cref="AssertSurvived"/>.
    /// </summary>
    private sealed record DurableState(long Starts, string FirstStart)
    {
        public static async Task<DurableState> CaptureAsync(ConodeProcess silo)
        {
            var status = await PostgresNode.GetStatusAsync(silo);
            return new DurableState(StartsOf(status), status.Status["Generic"].Field["FirstStart"]);
        }

        public static void AssertSurvived(DurableState written, StatusResponse seenElsewhere)
        {
            Assert.True(StartsOf(seenElsewhere) >= written.Starts, $"start counter went back from {written.Starts} to {StartsOf(seenElsewhere)}");
            Assert.Equal(written.FirstStart, seenElsewhere.Status["Generic"].Field["FirstStart"]);
        }
    }

    private static long StartsOf(StatusResponse status) => long.Parse(status.Status["Generic"].Field["Starts"]);

    private static Task<long> ActiveSilosAsync(PostgresNode node) =>
        TestPostgres.ScalarAsync<long>(node.Database.Connection,
            $"SELECT count(*) FROM orleans_silo WHERE status = 3 AND cluster_id = " +
            $"'conode-{Silo.Config.PrivateConfig.Load(node.PrivateTomlPath).Public[..64].ToLowerInvariant()}'");

    /// <summary>
    /// Status from <paramref name="silo"/>, retried while the cluster still routes the node's grains to a dead
    /// silo (until Orleans declares it dead); the client port itself must stay up throughout.
    /// </summary>
    private static async Task<StatusResponse> WaitForStatusAsync(ConodeProcess silo)
    {
        var deadline = DateTime.UtcNow + FailoverTimeout;
        while (true)
        {
            try
            {
                return await PostgresNode.GetStatusAsync(silo);
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await silo.WaitUntilServingAsync();
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
