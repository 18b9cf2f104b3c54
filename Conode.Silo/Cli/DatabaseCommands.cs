using Conode.Silo.Config;
using Conode.Silo.Storage.Postgres;

namespace Conode.Silo.Cli;

/// <summary><c>conode db init</c>: creates or upgrades the schema of the node's PostgreSQL database.</summary>
internal sealed class DatabaseCommands(Terminal terminal, ConodeEnvironment environment)
{
    public async Task<int> InitAsync(string configPath, CancellationToken cancellationToken)
    {
        var database = Locate(configPath);
        IReadOnlyList<int> applied;
        try
        {
            applied = await PostgresSchema.MigrateAsync(database, cancellationToken);
        }
        catch (PostgresUnavailableException e)
        {
            throw new CliExitException(e.Message);
        }
        terminal.Info(applied.Count == 0
            ? $"{database}: schema already at version {PostgresSchema.LatestVersion}, nothing to do."
            : $"{database}: applied schema version{(applied.Count > 1 ? "s" : "")} {string.Join(", ", applied)}; now at version {PostgresSchema.LatestVersion}.");
        return 0;
    }

    /// <summary>CONODE_DATABASE, else [Database] PostgreSQL of private.toml (only then must the file exist).</summary>
    private PostgresConnectionString Locate(string configPath)
    {
        try
        {
            if (PrivateConfig.PostgreSqlFromEnvironment(environment) is { } fromEnvironment)
            {
                return fromEnvironment;
            }
            if (!File.Exists(configPath))
            {
                throw new CliExitException(
                    $"{configPath} does not exist and {PrivateConfig.DatabaseVariable} is not set: which database should be initialised?");
            }
            return PrivateConfig.Load(configPath).PostgreSqlDatabase(environment)
                ?? throw new CliExitException(
                    $"{configPath} names no PostgreSQL database: add [Database] PostgreSQL = \"Host=…;Database=…;Username=…;Password=…\" or set {PrivateConfig.DatabaseVariable}");
        }
        catch (ConfigException e)
        {
            throw new CliExitException(e.Message);
        }
    }
}
