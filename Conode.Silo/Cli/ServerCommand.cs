using Conode.Silo.Config;

namespace Conode.Silo.Cli;

/// <summary><c>conode server</c>: load and check private.toml, then hand over to the runner.</summary>
internal sealed class ServerCommand(IServerRunner runner)
{
    /// <summary>Exit status of Go's log.Fatalf, used for a missing config file.</summary>
    private const int MissingConfigExit = 255;

    public async Task<int> RunAsync(string configPath, int debugLevel, SiloSettings silo, CancellationToken cancellationToken)
    {
        if (!File.Exists(configPath))
        {
            throw new CliExitException($"[-] Configuration file does not exist. {configPath}", MissingConfigExit);
        }
        PrivateConfig config;
        try
        {
            config = PrivateConfig.Load(configPath);
        }
        catch (ConfigException e)
        {
            throw new CliExitException($"Couldn't parse config: {e.Message}");
        }
        if (config.FindService(ConodeSuites.RequiredService) is null)
        {
            // Go is fatal here too: a service registered with a suite needs its key pair.
            var missing = new ConfigException(configPath, $"Services.{ConodeSuites.RequiredService}",
                "is missing: the Skipchain service needs its own key pair; run `conode setup` to create a complete configuration");
            throw new CliExitException(missing.Message);
        }
        return await runner.RunAsync(config, configPath, debugLevel, silo, cancellationToken);
    }
}
