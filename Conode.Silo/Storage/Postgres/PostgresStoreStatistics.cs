using System.Globalization;
using Npgsql;

namespace Conode.Silo.Storage.Postgres;

/// <summary>
/// The Status service's <c>Db</c> section, and the <c>/health</c> write probe, for a node whose grain state lives in
/// PostgreSQL.
/// </summary>
internal sealed class PostgresStoreStatistics(PostgresConnectionString database, string serviceId) : IStoreStatistics, IStoreHealth
{
    /// <summary>Upserts this node's row of <c>conode_health_probe</c> (migration 2) and reads it back.</summary>
    public async Task CheckWritableAsync(CancellationToken cancellationToken)
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var connection = await PostgresProblem.OpenAsync(database, cancellationToken);
        await using var command = new NpgsqlCommand(
            "INSERT INTO conode_health_probe (service_id, marker) VALUES (@service, @marker) " +
            "ON CONFLICT (service_id) DO UPDATE SET marker = EXCLUDED.marker, written_at = now() RETURNING marker",
            connection);
        command.CommandTimeout = 3;
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("marker", marker);
        var readBack = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (readBack != marker)
        {
            throw new InvalidDataException($"the health probe read back \"{readBack}\" instead of what it wrote");
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> GetStatusFieldsAsync()
    {
        await using var connection = await PostgresProblem.OpenAsync(database, CancellationToken.None);
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('server_version'), " +
            "(SELECT count(*) FROM orleans_grain_state WHERE service_id = @service AND payload IS NOT NULL), " +
            "pg_total_relation_size('orleans_grain_state')",
            connection);
        command.Parameters.AddWithValue("service", serviceId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Open"] = "true",
            ["Engine"] = "postgresql " + reader.GetString(0),
            // This node's states; the table (SizeBytes) may be shared with other nodes.
            ["States"] = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture),
            ["SizeBytes"] = reader.GetInt64(2).ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// This node's live states of <paramref name="grainType"/> and their payload bytes. The ADO.NET provider's
    /// <c>grain_type</c> column holds <c>&lt;grain type&gt;/&lt;state name&gt;</c> (<see cref="GrainTypeScopedStorage"/>);
    /// a cleared state keeps its row with a null payload and is not counted, as the SQLite store deletes it.
    /// </summary>
    public async Task<(long Count, long Bytes)?> GetGrainTypeStatisticsAsync(string grainType)
    {
        await using var connection = await PostgresProblem.OpenAsync(database, CancellationToken.None);
        await using var command = new NpgsqlCommand(
            "SELECT count(*), COALESCE(sum(octet_length(payload)), 0)::bigint FROM orleans_grain_state " +
            "WHERE service_id = @service AND starts_with(grain_type, @prefix) AND payload IS NOT NULL",
            connection);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("prefix", grainType + "/");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
