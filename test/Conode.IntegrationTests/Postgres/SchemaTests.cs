using Conode.IntegrationTests.Harness;

namespace Conode.IntegrationTests.Postgres;

/// <summary><c>conode db init</c> and db-scripts/schema against a real PostgreSQL.</summary>
public sealed class SchemaTests
{
    /// <summary>Every statement Orleans' ADO.NET clustering and grain persistence look up by key.</summary>
    private static readonly string[] OrleansQueryKeys =
    [
        "ClearStorageKey", "CleanupDefunctSiloEntriesKey", "DeleteMembershipTableEntriesKey", "DeleteStorageKey",
        "GatewaysQueryKey", "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey",
        "MembershipReadRowKey", "ReadFromStorageKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey", "WriteToStorageKey",
    ];

    [PostgresFact]
    public async Task Db_init_applies_the_schema_once_and_the_scripts_run_twice_without_error()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("conode-dbinit-").FullName;
        try
        {
            var scripts = Directory.GetFiles(Path.Combine(RepositoryFolder.Path, "db-scripts", "schema"), "*.sql").Order().ToList();
            var latest = scripts.Count;
            var first = await Harness.Conode.RunAsync(directory, ["db", "init"], environment: database.Environment);
            Assert.Contains($"applied schema versions {string.Join(", ", Enumerable.Range(1, latest))}; now at version {latest}", first.Stdout);
            var second = await Harness.Conode.RunAsync(directory, ["db", "init"], environment: database.Environment);
            Assert.Contains($"schema already at version {latest}", second.Stdout);

            // The files themselves are idempotent too, for operators who apply them with psql.
            foreach (var script in scripts)
            {
                var sql = await File.ReadAllTextAsync(script);
                await TestPostgres.ExecuteAsync(database.Connection, sql);
                await TestPostgres.ExecuteAsync(database.Connection, sql);
            }

            var keys = await TestPostgres.ScalarAsync<string[]>(database.Connection,
                "SELECT array_agg(QueryKey ORDER BY QueryKey) FROM OrleansQuery");
            Assert.Equal(OrleansQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
            Assert.Equal(latest, await TestPostgres.ScalarAsync<long>(database.Connection, "SELECT count(*) FROM conode_schema_migrations"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [PostgresFact]
    public async Task Db_init_explains_an_unreachable_server_a_refused_login_and_a_missing_database()
    {
        var directory = Directory.CreateTempSubdirectory("conode-dbinit-").FullName;
        try
        {
            var server = TestPostgres.Server;
            var closedPort = LocalCothority.FreePortBlock(1);
            var cases = new (string Database, string Expected)[]
            {
                ($"Host=127.0.0.1;Port={closedPort};Database=conode;Username=conode", $"cannot reach PostgreSQL for database \"conode\" on 127.0.0.1:{closedPort}"),
                (server.Value + ";Password=not-the-password", "PostgreSQL refused the login"),
                (server.WithDatabase("no_such_database").Value, "database \"no_such_database\" does not exist"),
                ("Hots=127.0.0.1", "CONODE_DATABASE\": not an Npgsql connection string"),
            };
            foreach (var (database, expected) in cases)
            {
                var (exitCode, _, stderr) = await Harness.Conode.RunAsync(directory, ["db", "init"], throwOnFailure: false,
                    environment: new Dictionary<string, string> { [Silo.Config.PrivateConfig.DatabaseVariable] = database });
                Assert.Equal(1, exitCode);
                Assert.Contains(expected, stderr);
                Assert.DoesNotContain("   at ", stderr);
                Assert.DoesNotContain("not-the-password", stderr);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [PostgresFact]
    public async Task A_node_refuses_to_start_on_a_database_without_the_schema()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var node = await PostgresNode.CreateAsync(database);
        await TestPostgres.ExecuteAsync(database.Connection, "DROP TABLE conode_schema_migrations");

        var (exitCode, _, stderr) = await node.RunAsync(["server"], throwOnFailure: false);

        Assert.Equal(1, exitCode);
        Assert.Contains("has no Conode.NET schema: run `conode db init` first", stderr);
    }
}
