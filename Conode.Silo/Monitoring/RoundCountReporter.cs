using Conode.Grains.Diagnostics;
using Conode.Silo.Hosting;
using Conode.Services.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Monitoring;

/// <summary>
/// Adds the protocol rounds this silo led (<see cref="ConodeMetrics"/>) to the node's durable counts
/// (<see cref="INodeStatusGrain"/>) every few seconds and when the silo stops: one grain call per period, none per
/// round, so a round's critical path does not change. Rounds a failed report could not deliver go into the next one.
/// </summary>
internal sealed class RoundCountReporter(IGrainFactory grains, NodeOptions options, ConodeMetrics metrics,
    ILogger<RoundCountReporter> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReportAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: StopAsync reports what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await ReportAsync();
    }

    private async Task ReportAsync()
    {
        var rounds = metrics.TakeUnreportedRounds();
        if (rounds.Length == 0)
        {
            return;
        }
        try
        {
            await grains.GetGrain<INodeStatusGrain>(options.NodeKey).RecordRounds(rounds);
        }
        catch (Exception e)
        {
            metrics.ReturnUnreportedRounds(rounds);
            logger.LogDebug("Round counts not recorded yet: {Error}", e.Message);
        }
    }
}
