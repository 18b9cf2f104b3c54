using Conode.Silo.Storage.Postgres;
using Npgsql;

namespace Conode.IntegrationTests.Postgres;

/// <summary>
/// The PostgreSQL server the tests may use: CONODE_TEST_POSTGRES (an Npgsql connection string of a role that
/// may create databases), as printed by db-scripts/throwaway-postgres.sh and set by ./test.sh. Each test gets
/// a fresh database of its own. With CONODE_REQUIRE_POSTGRES=1 (CI) a missing server fails the tests instead
/// of skipping them.
/// </summary>
public static class TestPostgres
{
    public const string ServerVariable = "CONODE_TEST_POSTGRES";
    public const string RequiredVariable = "CONODE_REQUIRE_POSTGRES";

    private static readonly Lazy<string?> Problem = new(FindProblem);

    /// <summary>Why PostgreSQL tests cannot run here, or null when they can.</summary>
    public static string? Unavailable => Problem.Value;

    public static bool Required => Environment.GetEnvironmentVariable(RequiredVariable) == "1";

    public static PostgresConnectionString Server => Unavailable is { } problem
        ? throw new InvalidOperationException(problem)
        : PostgresConnectionString.Parse(Environment.GetEnvironmentVariable(ServerVariable)!);

    /// <summary>A new, empty database owned by the test role; dropped (connections and all) on dispose.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync()
    {
        var name = "conode_it_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(Server, $"CREATE DATABASE {name}");
        return new TestDatabase(Server.WithDatabase(name), name);
    }

    public static async Task ExecuteAsync(PostgresConnectionString database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.Value);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(PostgresConnectionString database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.Value);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static string? FindProblem()
    {
        var value = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrEmpty(value))
        {
            return $"{ServerVariable} is not set: run ./test.sh, which starts a throwaway PostgreSQL 15 " +
                "(Debian: apt-get install postgresql-15), or set it to a server of your own";
        }
        try
        {
            using var connection = new NpgsqlConnection(PostgresConnectionString.Parse(value).Value);
            connection.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or FormatException or TimeoutException)
        {
            return $"PostgreSQL of {ServerVariable} cannot be used: {e.Message}";
        }
    }
}

/// <summary>One test's own database.</summary>
public sealed class TestDatabase(PostgresConnectionString connection, string name) : IAsyncDisposable
{
    public PostgresConnectionString Connection { get; } = connection;

    public string Name { get; } = name;

    /// <summary>What a conode process needs in its environment to use this database.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        [Silo.Config.PrivateConfig.DatabaseVariable] = Connection.Value,
    };

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await TestPostgres.ExecuteAsync(TestPostgres.Server, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }
}

/// <summary>A test that needs PostgreSQL: skipped, with the reason, when none is reachable (failed instead under CI).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.Unavailable is { } reason && !TestPostgres.Required)
        {
            Skip = reason;
        }
    }
}
