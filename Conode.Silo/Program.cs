using Conode.Silo.Cli;
using Conode.Silo.Config;
using Conode.Silo.Hosting;

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
        var cli = new ConodeCli(Console.In, Console.Out, Console.Error, new ConodeCliServices(
            new KyberKeyGenerator(),
            new ServerRunner(ConodeEnvironment.Current, Console.Error),
            new WebSocketStatusProbe())
        {
            Version = ConodeVersion.Current,
        });
        return await cli.RunAsync(args, stop.Token);
    }
}
