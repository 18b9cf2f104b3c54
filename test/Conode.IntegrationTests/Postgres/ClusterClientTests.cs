using Conode.Client;
using Conode.Client.Cluster;
using Conode.Client.Skipchain;
using Conode.IntegrationTests.Harness;
using Conode.IntegrationTests.Skipchain;
using Conode.Services.Skipchain;
using Conode.Services.Status;
using Conode.Tests;

namespace Conode.IntegrationTests.Postgres;

/// <summary>The Orleans client SDK reads a node's grains straight from its cluster.</summary>
[Collection(OwnCothorityCollection.Name)]
public sealed class ClusterClientTests
{
    [PostgresFact]
    public async Task An_operator_reads_the_node_counters_through_the_postgresql_membership()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var node = await PostgresNode.CreateAsync(database, "admin reads");
        var silo = await node.StartSiloAsync("--gateway-port", LocalCothority.FreePortBlock(1).ToString());
        var identity = (await PostgresNode.GetStatusAsync(silo)).ServerIdentity!;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var client = await ConodeClusterClient.ConnectAsync(
            new ConodeClusterOptions { Node = identity, PostgreSql = database.Connection.Value }, timeout.Token);
        var counters = await client.GetNodeCountersAsync();
        Assert.Equal(1, counters.Starts);
    }

    [PostgresFact]
    public async Task An_operator_reads_chains_blocks_and_durable_round_counts_of_a_node_with_real_chains()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var node = await PostgresNode.CreateAsync(database, "chain reads");
        var silo = await node.StartSiloAsync("--gateway-port", LocalCothority.FreePortBlock(1).ToString());
        var client = new ConodeClient();
        var chains = await SkipchainChecks.GrowChainsAsync(client, SkipchainChecks.RosterOf(Path.Combine(node.Folder, "public.toml")), 4, 1);
        // Once served whole, every block and link (higher levels too) is stored.
        await SkipchainChecks.AssertServesEveryChainAsync(client, silo.Endpoint, chains);
        var appended = chains.Sum(chain => chain.Count - 1);

        await using (var admin = await ConnectAsync(node, database))
        {
            Assert.Equal(chains.Select(chain => Convert.ToHexString(chain[0].Hash)).Order(),
                (await admin.GetChainIdsAsync()).Select(Convert.ToHexString).Order());
            foreach (var chain in chains)
            {
                var head = await admin.GetLatestBlockAsync(chain[0].Hash);
                Assert.Equal(chain[^1].Hash, head!.Hash);
                var index = await admin.GetChainIndexAsync(chain[0].Hash);
                Assert.Equal(Enumerable.Range(0, chain.Count), index.Select(position => position.Index));
                var blocks = new List<SkipBlock>();
                foreach (var position in index)
                {
                    blocks.Add((await admin.GetBlockAsync(Convert.FromHexString(position.Hash)))!);
                }
                SkipchainVerifier.VerifyChain(blocks, chain[0].Hash);
                Assert.Equal(chain.Select(block => block.Hash), blocks.Select(block => block.Hash));
            }
            Assert.Null(await admin.GetBlockAsync(new byte[32]));
            Assert.Null(await admin.GetLatestBlockAsync(new byte[32]));
            Assert.Empty(await admin.GetChainIndexAsync(new byte[32]));

            // One level-0 round per appended block; higher-level links are follow rounds. The silo reports every 5 s.
            var rounds = await Eventually.AskAsync(admin.GetRoundCountsAsync, counts => Succeeded(counts, NewBlock) == appended);
            Assert.Equal(appended, Succeeded(rounds, NewBlock));
            Assert.True(Succeeded(rounds, SkipchainConstants.BdnFollowBlockProtocol) > 0, string.Join(", ", rounds));
            Assert.All(rounds, counts => Assert.Equal(0, counts.Failed));
            Assert.All(rounds, counts => Assert.True(counts.TotalDuration > TimeSpan.Zero));
        }

        // Durable: once the node wrote them (every 10 s), the counts survive kill -9.
        Assert.Equal(appended, await Eventually.AskAsync(() => StoredSucceededAsync(database, NewBlock), stored => stored == appended));
        await silo.RestartAsync();
        await using var afterRestart = await ConnectAsync(node, database);
        Assert.Equal(appended, Succeeded(await afterRestart.GetRoundCountsAsync(), NewBlock));
        Assert.Equal(chains.Count, (await afterRestart.GetChainIdsAsync()).Count);
    }

    [PostgresFact]
    public async Task A_client_of_another_identity_finds_no_cluster()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var node = await PostgresNode.CreateAsync(database, "mine");
        await using var other = await PostgresNode.CreateAsync(database, "not started");
        await node.StartSiloAsync("--gateway-port", LocalCothority.FreePortBlock(1).ToString());
        var otherIdentity = ServerIdentityOf(other);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Assert.ThrowsAnyAsync<Exception>(() => ConodeClusterClient.ConnectAsync(
            new ConodeClusterOptions { Node = otherIdentity, PostgreSql = database.Connection.Value }, timeout.Token));
    }

    private const string NewBlock = SkipchainConstants.BdnNewBlockProtocol;

    private static async Task<ConodeClusterClient> ConnectAsync(PostgresNode node, TestDatabase database)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await ConodeClusterClient.ConnectAsync(
            new ConodeClusterOptions { Node = ServerIdentityOf(node), PostgreSql = database.Connection.Value }, timeout.Token);
    }

    private static long Succeeded(IEnumerable<RoundCounts> rounds, string protocol) =>
        rounds.SingleOrDefault(counts => counts.Protocol == protocol)?.Succeeded ?? 0;

    /// <summary>Successful rounds of <paramref name="protocol"/> as the node's counters grain last wrote them.</summary>
    private static async Task<long> StoredSucceededAsync(TestDatabase database, string protocol) =>
        await TestPostgres.ScalarAsync<long>(database.Connection,
            "SELECT coalesce(max((convert_from(payload, 'UTF8')::jsonb -> 'Rounds' -> '" + protocol + "' ->> 'Succeeded')::bigint), 0) " +
            "FROM orleans_grain_state WHERE payload IS NOT NULL");

    private static Network.ServerIdentity ServerIdentityOf(PostgresNode node) =>
        Silo.Config.GroupConfig.Load(Path.Combine(node.Folder, "public.toml")).Servers[0].ToServerIdentity();
}
