using Conode.Client;
using Conode.Grains.Cosi;
using Conode.IntegrationTests.Harness;
using Conode.IntegrationTests.Skipchain;
using Conode.Tests;

namespace Conode.IntegrationTests.Postgres;

/// <summary>The record of each signing round (ByzCoinX) leaves the PostgreSQL store once its retention is over.</summary>
[Collection(OwnCothorityCollection.Name)]
public sealed class SigningRecordTests
{
    [PostgresFact]
    public async Task Signing_round_records_are_deleted_after_their_retention_and_the_chain_keeps_growing()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var node = await PostgresNode.CreateAsync(database, "records");
        node.ExtraEnvironment[ByzCoinXRecordOptions.RetentionVariable] = "0";
        var silo = await node.StartSiloAsync();
        var client = new ConodeClient();
        var roster = SkipchainChecks.RosterOf(Path.Combine(node.Folder, "public.toml"));

        var chain = await SkipchainChecks.GrowChainAsync(client, roster, 2);
        // Written when each round starts and ends; kept until the round's deadline (twice the 15 s timeout).
        Assert.True(await RecordsAsync(database) >= 2, "no signing round was recorded");

        Assert.Equal(0, await Eventually.AskAsync(() => RecordsAsync(database), records => records == 0));
        await SkipchainChecks.AppendAsync(client, chain, 1, leader: silo.Endpoint);
        await SkipchainChecks.AssertServesChainAsync(client, silo.Endpoint, chain);
    }

    /// <summary>Rows of ByzCoinX run records, whatever their state (a cleared state must leave no row).</summary>
    private static Task<long> RecordsAsync(TestDatabase database) =>
        TestPostgres.ScalarAsync<long>(database.Connection,
            "SELECT count(*) FROM orleans_grain_state WHERE grain_type LIKE '%conode.cosi.byzcoinx%'");
}
