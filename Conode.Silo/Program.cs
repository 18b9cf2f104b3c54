using System.Reflection;
using Conode.Silo.Cli;
using Conode.Silo.Config;

namespace Conode.Silo;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var version = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
            ?.InformationalVersion.Split('+')[0] ?? "unknown";
        var notYet = new NotAvailableYet();
        var cli = new ConodeCli(Console.In, Console.Out, Console.Error, new ConodeCliServices(notYet, notYet, notYet)
        {
            Version = version,
        });
        return await cli.RunAsync(args, stop.Token);
    }

    /// <summary>Stand-in until key generation, hosting and the Status client are merged.</summary>
    private sealed class NotAvailableYet : INodeKeyGenerator, IServerRunner, IStatusProbe
    {
        public KeyPairHex NewIdentityKey() => Fail<KeyPairHex>("key generation");

        public KeyPairHex NewServiceKey(string serviceName) => Fail<KeyPairHex>("key generation");

        public Task<int> RunAsync(PrivateConfig config, string configPath, int debugLevel, CancellationToken cancellationToken)
        {
            Console.Error.WriteLine("conode server: not available yet");
            return Task.FromResult(1);
        }

        public Task<ProbeResult> ProbeAsync(GroupServer server, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult(ProbeResult.Failed("not available yet", TimeSpan.Zero));

        private static T Fail<T>(string what)
        {
            Console.Error.WriteLine($"conode: {what} is not available yet");
            Environment.Exit(1);
            return default!;
        }
    }
}
