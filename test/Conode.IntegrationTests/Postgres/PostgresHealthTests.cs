using System.Net;
using System.Text.Json;
using Conode.IntegrationTests.Harness;

namespace Conode.IntegrationTests.Postgres;

/// <summary><c>/health</c> of a node whose store is PostgreSQL proves a real write to the database.</summary>
public sealed class PostgresHealthTests
{
    [PostgresFact]
    public async Task Health_writes_the_node_probe_row_to_the_database()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var node = await PostgresNode.CreateAsync(database);
        var metricsPort = LocalCothority.FreePortBlock(1);
        await File.AppendAllTextAsync(node.PrivateTomlPath, $"\n[Metrics]\n  ListenAddress = \"127.0.0.1:{metricsPort}\"\n");
        await node.StartSiloAsync();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.GetAsync($"http://127.0.0.1:{metricsPort}/health");
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("writable", health.RootElement.GetProperty("checks").GetProperty("store").GetProperty("description").GetString());
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(database.Connection,
            "SELECT count(*) FROM conode_health_probe WHERE written_at > now() - interval '5 minutes'"));
    }
}
