using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;

namespace Conode.Silo.Storage;

/// <summary>
/// The embedded default grain store: every grain state is one row of one SQLite file in the data
/// folder (<c>&lt;hex sha256(public key)&gt;.db</c>, the name the Go conode gives its BoltDB file).
/// WAL journal with <c>synchronous=FULL</c>: a write that returned has reached the disk, so an
/// acknowledged block survives <c>kill -9</c> and power loss alike. Writes go through one writer thread that commits
/// concurrent writes together (<see cref="SqliteWriteQueue"/>); reads use pooled connections beside it.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IStoreStatistics, IStoreHealth, IDisposable
{
    /// <summary>Version of the table layout below; bumped with a migration when it changes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Set on every connection that may write: synced commits, and a long wait for another writer's lock.</summary>
    internal const string ConnectionPragmas = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;";

    private readonly string _connectionString;
    private readonly IGrainStorageSerializer _serializer;
    private readonly SqliteWriteQueue _writer;
    private string _engineVersion = "";

    /// <param name="owner">Hex public key of the node the store belongs to; recorded at creation and checked
    /// at every open, so that a node never runs on another node's data (a copied or restored file).</param>
    public SqliteGrainStorage(string databasePath, IGrainStorageSerializer serializer, string? owner = null)
    {
        DatabasePath = databasePath;
        _serializer = serializer;
        _connectionString = ConnectionString(databasePath, SqliteOpenMode.ReadWriteCreate);
        CreateSchema(owner);
        _writer = new SqliteWriteQueue(_connectionString);
    }

    public string DatabasePath { get; }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT etag, payload FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state";
        AddKey(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var etag = reader.GetInt64(0);
        var payload = (byte[])reader.GetValue(1);
        grainState.State = _serializer.Deserialize<T>(new BinaryData(payload));
        grainState.ETag = etag.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = _serializer.Serialize(grainState.State).ToArray();
        long? expected = grainState.ETag is null ? null : ParseEtag(grainState.ETag, stateName, grainId);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var written = await WriteRowAsync(command =>
        {
            // A first write needs the row not to exist yet; otherwise another activation wrote it.
            command.CommandText = expected is null
                ? "INSERT INTO grain_state (grain_type, grain_key, state_name, etag, payload, updated_at) " +
                  "VALUES ($type, $key, $state, 1, $payload, $now) ON CONFLICT DO NOTHING"
                : "UPDATE grain_state SET etag = etag + 1, payload = $payload, updated_at = $now " +
                  "WHERE grain_type = $type AND grain_key = $key AND state_name = $state AND etag = $etag";
            if (expected is not null)
            {
                command.Parameters.AddWithValue("$etag", expected);
            }
            AddKey(command, stateName, grainId);
            command.Parameters.AddWithValue("$payload", payload);
            command.Parameters.AddWithValue("$now", now);
        });
        if (!written)
        {
            throw new InconsistentStateException(
                $"State '{stateName}' of {grainId} was changed by someone else (expected version {grainState.ETag ?? "none"}).");
        }
        grainState.ETag = ((expected ?? 0) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is not null)
        {
            var expected = ParseEtag(grainState.ETag, stateName, grainId);
            var deleted = await WriteRowAsync(command =>
            {
                command.CommandText =
                    "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state AND etag = $etag";
                AddKey(command, stateName, grainId);
                command.Parameters.AddWithValue("$etag", expected);
            });
            if (!deleted)
            {
                throw new InconsistentStateException(
                    $"State '{stateName}' of {grainId} was changed by someone else (expected version {grainState.ETag}).");
            }
        }
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>
    /// Runs the statement <paramref name="prepare"/> sets up through the writer; true when it changed exactly one row.
    /// Waits for the disk unless the grain asked otherwise (<see cref="Conode.Grains.SyncedByNextWrite"/>).
    /// </summary>
    private Task<bool> WriteRowAsync(Action<SqliteCommand> prepare) =>
        _writer.WriteAsync(command =>
        {
            prepare(command);
            return command.ExecuteNonQuery() == 1;
        }, durable: !Conode.Grains.SyncedByNextWrite.IsRequested);

    /// <summary>Writes what is queued and closes the writer.</summary>
    public void Dispose() => _writer.Dispose();

    /// <summary>
    /// A consistent copy of a store through SQLite's online backup API: safe while a node writes to
    /// <paramref name="sourcePath"/>, and the copy is a complete store in its own right.
    /// </summary>
    public static void Copy(string sourcePath, string destinationPath)
    {
        CreateOwnerOnlyFile(destinationPath);
        using var source = new SqliteConnection(ConnectionString(sourcePath, SqliteOpenMode.ReadOnly, pooling: false));
        using var destination = new SqliteConnection(ConnectionString(destinationPath, SqliteOpenMode.ReadWriteCreate, pooling: false));
        source.Open();
        destination.Open();
        source.BackupDatabase(destination);
    }

    /// <summary>What a store file holds, without opening it for writing; refuses files that are not conode stores.</summary>
    public static StoreFileInfo Inspect(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: no such file");
        }
        try
        {
            using var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadOnly, pooling: false));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT (SELECT value FROM conode_meta WHERE key = 'schema_version'), " +
                "(SELECT value FROM conode_meta WHERE key = 'owner'), (SELECT COUNT(*) FROM grain_state)";
            using var reader = command.ExecuteReader();
            reader.Read();
            return new StoreFileInfo(
                reader.IsDBNull(0) ? 0 : int.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetInt64(2));
        }
        catch (SqliteException e)
        {
            throw new InvalidDataException(
                $"{path} is not a Conode.NET store: {e.Message}" +
                (e.SqliteErrorCode == 26 ? " (a Go conode's BoltDB has the same name: is CONODE_SERVICE_PATH shared with one?)" : ""), e);
        }
    }

    /// <summary>Number of stored grain states and the file's size, for the Status service's <c>Db</c> section.</summary>
    public async Task<(long Rows, long PageCount, long PageSize, long FreePages)> GetStatisticsAsync()
    {
        await using var connection = await OpenAsync();
        return (await ScalarAsync(connection, "SELECT COUNT(*) FROM grain_state"),
            await ScalarAsync(connection, "PRAGMA page_count"),
            await ScalarAsync(connection, "PRAGMA page_size"),
            await ScalarAsync(connection, "PRAGMA freelist_count"));
    }

    /// <summary>
    /// Go reports bbolt's internals here; we report the same section with SQLite's equivalents
    /// (<c>FreePageN</c> is SQLite's free-list length) plus the file and the number of stored states.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> GetStatusFieldsAsync()
    {
        var (rows, pageCount, pageSize, freePages) = await GetStatisticsAsync();
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Open"] = "true",
            ["Engine"] = "sqlite " + _engineVersion,
            ["States"] = rows.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tx.PageCount"] = pageCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FreePageN"] = freePages.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SizeBytes"] = (pageCount * pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    public async Task<(long Count, long Bytes)?> GetGrainTypeStatisticsAsync(string grainType)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(SUM(LENGTH(payload)), 0) FROM grain_state WHERE grain_type = $type";
        command.Parameters.AddWithValue("$type", grainType);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Writes a fresh value to the <c>health_probe</c> row of <c>conode_meta</c> (synced like any grain write)
    /// and reads it back on the same connection. Gives up on a locked database after a few seconds, where grain
    /// writes wait longer. Runs synchronously, as every Microsoft.Data.Sqlite call does.</summary>
    public async Task CheckWritableAsync(CancellationToken cancellationToken)
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandTimeout = 3;
        command.CommandText = "PRAGMA busy_timeout = 1000";
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "INSERT INTO conode_meta (key, value) VALUES ('health_probe', $marker) " +
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value; " +
            "SELECT value FROM conode_meta WHERE key = 'health_probe'";
        command.Parameters.AddWithValue("$marker", marker);
        var readBack = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        if (readBack != marker)
        {
            throw new InvalidDataException($"{DatabasePath}: the health probe read back \"{readBack}\" instead of what it wrote");
        }
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The store holds the node's data: owner read/write only, like Go's 0600 database (SQLite's WAL files copy the mode).</summary>
    private static void CreateOwnerOnlyFile(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }
        using var created = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
    }

    private static string ConnectionString(string path, SqliteOpenMode mode, bool pooling = true) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = pooling, DefaultTimeout = 30 }.ToString();

    private void CreateSchema(string? owner)
    {
        CreateOwnerOnlyFile(DatabasePath);
        using var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            // Reading the header is what tells a foreign file (a Go conode's BoltDB) from an SQLite store.
            using var probe = connection.CreateCommand();
            probe.CommandText = "PRAGMA schema_version";
            probe.ExecuteScalar();
            _engineVersion = connection.ServerVersion;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 26)
        {
            throw new InvalidOperationException(
                $"{DatabasePath} is not a Conode.NET store (SQLite): {e.Message}. " +
                "Is CONODE_SERVICE_PATH shared with a Go conode, whose database has the same name?", e);
        }
        using var command = connection.CreateCommand();
        // WAL is a property of the file and sticks once set; synchronous is per connection (see OpenAsync).
        command.CommandText =
            "PRAGMA journal_mode = WAL;" +
            "CREATE TABLE IF NOT EXISTS conode_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);" +
            "CREATE TABLE IF NOT EXISTS grain_state (" +
            "  grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL," +
            "  etag INTEGER NOT NULL, payload BLOB NOT NULL, updated_at INTEGER NOT NULL," +
            "  PRIMARY KEY (grain_type, grain_key, state_name)) WITHOUT ROWID;" +
            $"INSERT OR IGNORE INTO conode_meta (key, value) VALUES ('schema_version', '{SchemaVersion}');";
        command.ExecuteNonQuery();
        if (owner is not null)
        {
            using var claim = connection.CreateCommand();
            claim.CommandText = "INSERT OR IGNORE INTO conode_meta (key, value) VALUES ('owner', $owner);" +
                "SELECT value FROM conode_meta WHERE key = 'owner'";
            claim.Parameters.AddWithValue("$owner", owner);
            var recorded = Convert.ToString(claim.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (recorded != owner)
            {
                throw new InvalidOperationException(
                    $"{DatabasePath} belongs to the node with public key {recorded}, not to this one ({owner}).");
            }
        }
        using var check = connection.CreateCommand();
        check.CommandText = "SELECT value FROM conode_meta WHERE key = 'schema_version'";
        var found = Convert.ToString(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (found != SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException(
                $"{DatabasePath}: store schema version {found} is not supported by this conode (expects {SchemaVersion}).");
        }
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = ConnectionPragmas;
        await pragma.ExecuteNonQueryAsync();
        return connection;
    }

    private static void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$type", grainId.Type.ToString());
        command.Parameters.AddWithValue("$key", grainId.Key.ToString());
        command.Parameters.AddWithValue("$state", stateName);
    }

    private static long ParseEtag(string etag, string stateName, GrainId grainId) =>
        long.TryParse(etag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InconsistentStateException($"State '{stateName}' of {grainId} carries a foreign version tag '{etag}'.");
}

/// <summary>The facts <see cref="SqliteGrainStorage.Inspect"/> reads from a store file.</summary>
public sealed record StoreFileInfo(int SchemaVersion, string? Owner, long States);
