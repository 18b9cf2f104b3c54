using System.Net.Sockets;
using Conode.Silo.Config;
using Conode.Silo.Storage;

namespace Conode.Silo.Cli;

/// <summary>
/// <c>conode backup --out FILE</c> and <c>conode restore --from FILE</c> for the embedded store. A backup is a
/// consistent copy taken while the node runs; a restore puts one back where the node's private.toml says
/// its database lives (on this host or a new one) and refuses another node's data.
/// </summary>
internal sealed class BackupCommands(Terminal terminal, ConodeEnvironment environment)
{
    public int Backup(string configPath, string outPath, bool force)
    {
        var (config, database) = Locate(configPath);
        if (!File.Exists(database))
        {
            throw new CliExitException($"{database}: no database yet (has the node with {configPath} ever run?)");
        }
        RefuseToOverwrite(outPath, force);
        SqliteGrainStorage.Copy(database, outPath);
        var copied = SqliteGrainStorage.Inspect(outPath);
        terminal.Info($"Backed up {database} to {outPath} ({copied.States} grain states) for node {config.Public[..64]}.");
        terminal.Info("Keep private.toml safe as well: the backup holds no keys.");
        return 0;
    }

    public int Restore(string configPath, string fromPath, bool force)
    {
        var (config, database) = Locate(configPath);
        StoreFileInfo backup;
        try
        {
            backup = SqliteGrainStorage.Inspect(fromPath);
        }
        catch (InvalidDataException e)
        {
            throw new CliExitException(e.Message);
        }
        if (backup.SchemaVersion != SqliteGrainStorage.SchemaVersion)
        {
            throw new CliExitException(
                $"{fromPath}: store schema version {backup.SchemaVersion}; this conode reads version {SqliteGrainStorage.SchemaVersion}");
        }
        var owner = config.Public[..64].ToLowerInvariant();
        if (backup.Owner is not null && backup.Owner != owner)
        {
            throw new CliExitException(
                $"{fromPath} is a backup of the node with public key {backup.Owner}, not of {configPath} ({owner})");
        }
        if (IsServing(config))
        {
            throw new CliExitException(
                $"a conode answers on port {config.Address.WebSocketPort(config.Url)}: stop the node before restoring its database");
        }
        RefuseToOverwrite(database, force);
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        SqliteGrainStorage.Copy(fromPath, database);
        terminal.Info($"Restored {backup.States} grain states from {fromPath} into {database}.");
        return 0;
    }

    private (PrivateConfig Config, string Database) Locate(string configPath)
    {
        PrivateConfig config;
        try
        {
            config = PrivateConfig.Load(configPath);
        }
        catch (ConfigException e)
        {
            throw new CliExitException(e.Message);
        }
        if (config.PostgreSqlDatabase(environment) is { } database)
        {
            throw new CliExitException(
                $"the node of {configPath} keeps its data in PostgreSQL ({database}): use db-scripts/backup.sh and restore.sh");
        }
        return (config, ConodePaths.DatabasePath(environment, config));
    }

    private static void RefuseToOverwrite(string path, bool force)
    {
        if (File.Exists(path) && !force)
        {
            throw new CliExitException($"{path} exists; add --force to replace it");
        }
    }

    /// <summary>A node that still runs would keep writing to the file being replaced; its client port tells.</summary>
    private static bool IsServing(PrivateConfig config)
    {
        try
        {
            using var probe = new TcpClient();
            return probe.ConnectAsync("127.0.0.1", config.Address.WebSocketPort(config.Url)).Wait(TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
            return false;
        }
    }
}
