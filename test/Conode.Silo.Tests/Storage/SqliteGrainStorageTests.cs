using System.Text.Json;
using Conode.Silo.Storage;
using Microsoft.Data.Sqlite;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Conode.Silo.Tests.Storage;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("conode-store-").FullName;
    private readonly GrainId _grain = GrainId.Create("test-grain", "key-1");

    private string DbPath => Path.Combine(_dir, "node.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_written_state_is_read_back_by_a_fresh_store_on_the_same_file()
    {
        var writer = NewState(new Counter { Value = 41, Name = "x" });
        await Open().WriteStateAsync("s", _grain, writer);

        var reader = new GrainState<Counter>();
        await Open().ReadStateAsync("s", _grain, reader);

        Assert.True(reader.RecordExists);
        Assert.Equal(41, reader.State!.Value);
        Assert.Equal("x", reader.State!.Name);
        Assert.Equal(writer.ETag, reader.ETag);
    }

    [Fact]
    public async Task The_health_probe_writes_and_reads_back_and_fails_on_a_database_another_writer_holds()
    {
        var store = Open();
        await store.CheckWritableAsync(CancellationToken.None);

        using var blocker = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        blocker.Open();
        using var exclusive = blocker.CreateCommand();
        exclusive.CommandText = "BEGIN EXCLUSIVE";
        exclusive.ExecuteNonQuery();

        var error = await Assert.ThrowsAsync<SqliteException>(() => store.CheckWritableAsync(CancellationToken.None));
        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY: the probe gives up instead of waiting like grain writes
    }

    [Fact]
    public async Task Concurrent_writes_of_many_grains_all_land_and_a_refused_one_costs_only_itself()
    {
        var store = Open();
        var grains = Enumerable.Range(0, 200).Select(i => GrainId.Create("test-grain", "k" + i)).ToArray();
        var states = grains.Select(_ => NewState(new Counter { Value = 1 })).ToArray();
        await Task.WhenAll(grains.Select((grain, i) => store.WriteStateAsync("s", grain, states[i])));

        // Second round, at once: every grain moves on to 2, except one written with a version it does not have.
        var stale = new GrainState<Counter> { State = new Counter { Value = 99 }, ETag = "7" };
        var writes = grains.Select((grain, i) =>
        {
            states[i].State!.Value = 2;
            return store.WriteStateAsync("s", grain, i == 100 ? stale : states[i]);
        }).ToArray();
        await Assert.ThrowsAsync<InconsistentStateException>(() => writes[100]);
        await Task.WhenAll(writes.Where((_, i) => i != 100));

        var reopened = Open();
        for (var i = 0; i < grains.Length; i++)
        {
            var read = new GrainState<Counter>();
            await reopened.ReadStateAsync("s", grains[i], read);
            Assert.Equal(i == 100 ? 1 : 2, read.State!.Value);
            Assert.Equal(i == 100 ? "1" : "2", read.ETag);
        }
    }

    [Fact]
    public async Task A_write_left_to_the_next_sync_is_committed_in_order_with_the_synced_one()
    {
        var store = Open();
        var lazy = NewState(new Counter { Value = 5 });
        var other = GrainId.Create("test-grain", "key-2");
        Orleans.Runtime.RequestContext.Set(Conode.Grains.SyncedByNextWrite.ContextKey, true);
        try
        {
            await store.WriteStateAsync("s", _grain, lazy);
        }
        finally
        {
            Orleans.Runtime.RequestContext.Remove(Conode.Grains.SyncedByNextWrite.ContextKey);
        }
        await store.WriteStateAsync("s", other, NewState(new Counter { Value = 6 }));

        var reopened = Open();
        var first = new GrainState<Counter>();
        var second = new GrainState<Counter>();
        await reopened.ReadStateAsync("s", _grain, first);
        await reopened.ReadStateAsync("s", other, second);
        Assert.Equal((5, "1"), (first.State!.Value, first.ETag));
        Assert.Equal(6, second.State!.Value);
    }

    [Fact]
    public async Task Missing_state_reads_as_a_new_object_without_version()
    {
        var state = new GrainState<Counter>();
        await Open().ReadStateAsync("s", _grain, state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State!.Value);
    }

    [Fact]
    public async Task A_write_with_a_stale_version_is_refused()
    {
        var store = Open();
        var first = NewState(new Counter { Value = 1 });
        await store.WriteStateAsync("s", _grain, first);
        var stale = new GrainState<Counter> { State = new Counter { Value = 2 }, ETag = first.ETag };
        first.State!.Value = 3;
        await store.WriteStateAsync("s", _grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteStateAsync("s", _grain, stale));
        var check = new GrainState<Counter>();
        await store.ReadStateAsync("s", _grain, check);
        Assert.Equal(3, check.State!.Value);
    }

    [Fact]
    public async Task Two_first_writes_of_the_same_grain_cannot_both_win()
    {
        var store = Open();
        await store.WriteStateAsync("s", _grain, NewState(new Counter { Value = 1 }));
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => store.WriteStateAsync("s", _grain, NewState(new Counter { Value = 2 })));
    }

    [Fact]
    public async Task Clear_removes_the_state()
    {
        var store = Open();
        var state = NewState(new Counter { Value = 9 });
        await store.WriteStateAsync("s", _grain, state);
        await store.ClearStateAsync("s", _grain, state);
        Assert.False(state.RecordExists);

        var check = new GrainState<Counter>();
        await store.ReadStateAsync("s", _grain, check);
        Assert.False(check.RecordExists);
    }

    [Fact]
    public async Task States_of_other_grains_and_names_are_separate()
    {
        var store = Open();
        await store.WriteStateAsync("a", _grain, NewState(new Counter { Value = 1 }));
        await store.WriteStateAsync("b", _grain, NewState(new Counter { Value = 2 }));
        await store.WriteStateAsync("a", GrainId.Create("test-grain", "key-2"), NewState(new Counter { Value = 3 }));

        var check = new GrainState<Counter>();
        await store.ReadStateAsync("b", _grain, check);
        Assert.Equal(2, check.State!.Value);
        var stats = await store.GetStatisticsAsync();
        Assert.Equal(3, stats.Rows);
    }

    [Fact]
    public async Task Online_backup_holds_every_state()
    {
        var store = Open();
        await store.WriteStateAsync("s", _grain, NewState(new Counter { Value = 77 }));
        var backup = Path.Combine(_dir, "backup.db");
        SqliteGrainStorage.Copy(DbPath, backup);

        var restored = new GrainState<Counter>();
        await new SqliteGrainStorage(backup, new TestJsonSerializer()).ReadStateAsync("s", _grain, restored);
        Assert.Equal(77, restored.State!.Value);
    }

    [Fact]
    public void A_store_from_a_newer_schema_is_refused_with_the_file_name()
    {
        Open();
        using (var connection = new SqliteConnection("Data Source=" + DbPath))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE conode_meta SET value = '99' WHERE key = 'schema_version'";
            command.ExecuteNonQuery();
        }
        var error = Assert.Throws<InvalidOperationException>(Open);
        Assert.Contains(DbPath, error.Message);
        Assert.Contains("99", error.Message);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_new_store_is_readable_by_its_owner_only()
    {
        Open();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DbPath));
    }

    [Fact]
    public void A_foreign_file_is_refused_with_a_hint_instead_of_a_raw_sqlite_error()
    {
        // What a Go conode leaves under the same name: a BoltDB file.
        var bolt = new byte[16384];
        new Random(1).NextBytes(bolt);
        File.WriteAllBytes(DbPath, bolt);

        var open = Assert.Throws<InvalidOperationException>(Open);
        Assert.Contains("not a Conode.NET store", open.Message);
        var inspect = Assert.Throws<InvalidDataException>(() => SqliteGrainStorage.Inspect(DbPath));
        Assert.Contains("Go conode", inspect.Message);
    }

    [Fact]
    public void A_store_remembers_its_owner_and_refuses_another_node()
    {
        new SqliteGrainStorage(DbPath, new TestJsonSerializer(), owner: "aa");
        Assert.Equal("aa", SqliteGrainStorage.Inspect(DbPath).Owner);
        var other = Assert.Throws<InvalidOperationException>(() => new SqliteGrainStorage(DbPath, new TestJsonSerializer(), owner: "bb"));
        Assert.Contains("belongs to the node with public key aa", other.Message);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_copy_is_a_complete_store_readable_by_its_owner_only()
    {
        var store = new SqliteGrainStorage(DbPath, new TestJsonSerializer(), owner: "aa");
        await store.WriteStateAsync("s", _grain, NewState(new Counter { Value = 5 }));
        var copy = Path.Combine(_dir, "copy.db");
        SqliteGrainStorage.Copy(DbPath, copy);

        Assert.Equal(new StoreFileInfo(SqliteGrainStorage.SchemaVersion, "aa", 1), SqliteGrainStorage.Inspect(copy));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(copy));
    }

    private SqliteGrainStorage Open() => new(DbPath, new TestJsonSerializer());

    private static GrainState<Counter> NewState(Counter value) => new() { State = value };

    public sealed class Counter
    {
        public int Value { get; set; }
        public string Name { get; set; } = "";
    }

    private sealed class TestJsonSerializer : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input));

        public T Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToArray())!;
    }
}
