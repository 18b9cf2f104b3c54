using System.Globalization;
using System.Reflection;
using Npgsql;

namespace Conode.Silo.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema of db-scripts/schema (embedded in the conode): applied by <c>conode db init</c>, checked
/// by <c>conode server</c> before the silo starts. Each file <c>NNNN-name.sql</c> is migration NNNN and records
/// itself in <c>conode_schema_migrations</c>.
/// </summary>
public static class PostgresSchema
{
    private const string ResourcePrefix = "db-scripts/schema/";

    /// <summary>Serialises concurrent <c>db init</c> runs (two silos' start scripts, say).</summary>
    private const long MigrationLockKey = 0x636F_6E6F_6465; // "conode"

    private static readonly IReadOnlyList<Migration> Migrations = LoadMigrations();

    /// <summary>The version this conode needs: its newest migration.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Applies every migration the database lacks, in one transaction; returns the versions applied.</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(PostgresConnectionString database, CancellationToken cancellationToken)
    {
        await using var connection = await PostgresProblem.OpenAsync(database, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", MigrationLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        var applied = await AppliedVersionsAsync(connection, transaction, cancellationToken);
        var missing = Migrations.Where(m => !applied.Contains(m.Version)).ToList();
        try
        {
            foreach (var migration in missing)
            {
                await using var command = new NpgsqlCommand(migration.Sql, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            var nowApplied = await AppliedVersionsAsync(connection, transaction, cancellationToken);
            if (missing.FirstOrDefault(m => !nowApplied.Contains(m.Version)) is { } unrecorded)
            {
                throw new InvalidOperationException($"{unrecorded.Name} ran but did not record version {unrecorded.Version}");
            }
        }
        catch (PostgresException e)
        {
            throw new PostgresUnavailableException(PostgresProblem.Describe(e, database), e);
        }
        await transaction.CommitAsync(cancellationToken);
        return missing.Select(m => m.Version).ToList();
    }

    /// <summary>Fails with a message telling the operator what to do unless the database holds exactly this conode's schema.</summary>
    public static async Task CheckAsync(PostgresConnectionString database, CancellationToken cancellationToken)
    {
        await using var connection = await PostgresProblem.OpenAsync(database, cancellationToken);
        var applied = await AppliedVersionsAsync(connection, null, cancellationToken);
        var current = applied.Count == 0 ? 0 : applied.Max();
        if (current < LatestVersion)
        {
            throw new PostgresUnavailableException(current == 0
                ? $"{database} has no Conode.NET schema: run `conode db init` first"
                : $"{database} has schema version {current}, this conode needs {LatestVersion}: run `conode db init` to upgrade it");
        }
        if (current > LatestVersion)
        {
            throw new PostgresUnavailableException(
                $"{database} has schema version {current}, newer than this conode knows ({LatestVersion}): run a newer conode");
        }
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        // A fresh database has no version table yet: it comes with migration 1.
        await using var command = new NpgsqlCommand(
            "SELECT to_regclass('conode_schema_migrations') IS NOT NULL", connection, transaction);
        if (!(bool)(await command.ExecuteScalarAsync(cancellationToken))!)
        {
            return [];
        }
        command.CommandText = "SELECT version FROM conode_schema_migrations";
        var versions = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }
        return versions;
    }

    private static List<Migration> LoadMigrations()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name =>
            {
                var file = name[ResourcePrefix.Length..];
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return new Migration(int.Parse(file[..file.IndexOf('-', StringComparison.Ordinal)], CultureInfo.InvariantCulture), file, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
        return migrations.Count > 0 ? migrations : throw new InvalidOperationException("no db-scripts/schema migrations embedded in the conode");
    }

    private sealed record Migration(int Version, string Name, string Sql);
}
