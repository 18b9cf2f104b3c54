using Conode.Client.Cluster;
using Conode.IntegrationTests.Harness;

namespace Conode.IntegrationTests.Postgres;

/// <summary>The Orleans client SDK reads a node's grains straight from its cluster.</summary>
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

    private static Network.ServerIdentity ServerIdentityOf(PostgresNode node) =>
        Silo.Config.GroupConfig.Load(Path.Combine(node.Folder, "public.toml")).Servers[0].ToServerIdentity();
}
