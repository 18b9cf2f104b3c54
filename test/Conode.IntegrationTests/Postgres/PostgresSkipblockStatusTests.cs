using Conode.Client;
using Conode.Client.Skipchain;
using Conode.IntegrationTests.Harness;
using Conode.Network;
using Conode.Silo.Config;

namespace Conode.IntegrationTests.Postgres;

/// <summary>The Status section <c>Skipblock</c> of a node whose blocks live in PostgreSQL.</summary>
public sealed class PostgresSkipblockStatusTests
{
    [PostgresFact]
    public async Task Status_counts_the_skipblocks_stored_in_postgresql_and_their_bytes()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var node = await PostgresNode.CreateAsync(database);
        var silo = await node.StartSiloAsync();
        var before = (await PostgresNode.GetStatusAsync(silo)).Status["Skipblock"].Field;
        Assert.Equal("0", before["Blocks"]);
        Assert.Equal("0", before["Bytes"]);

        // A chain on this node alone: the genesis and two appended blocks.
        var client = new ConodeClient();
        var roster = Roster.Create([GroupConfig.Load(Path.Combine(node.Folder, "public.toml")).Servers[0].ToServerIdentity()]);
        var genesis = await client.CreateGenesisAsync(roster, "pg"u8.ToArray(), 2, 4);
        var first = await client.AddBlockAsync(genesis, [1]);
        await client.AddBlockAsync(first.Latest!, [2]);
        // Block 2's level-1 link from the genesis is written after the append is answered: wait for it, so that the
        // bytes below are final.
        var endpoint = ConodeEndpoint.Parse($"tls://127.0.0.1:{silo.Port}");
        await Conode.Tests.Eventually.AskAsync(() => client.GetSingleBlockAsync(endpoint, genesis.Hash), block => block.ForwardLinks.Count == 2);

        var after = (await PostgresNode.GetStatusAsync(silo)).Status["Skipblock"].Field;
        Assert.Equal("3", after["Blocks"]);
        var bytes = await TestPostgres.ScalarAsync<long>(database.Connection,
            "SELECT sum(octet_length(payload))::bigint FROM orleans_grain_state WHERE grain_type = 'conode.skipblock/block'");
        Assert.True(bytes > 0);
        Assert.Equal(bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), after["Bytes"]);
    }
}
