using System.Diagnostics;
using System.Globalization;
using Conode.Silo.Config;

namespace Conode.Silo.Cli;

/// <summary>
/// <c>conode check ROSTER</c>: asks every server for its Status at once and prints one line per server,
/// <c>&lt;address&gt;  ok|&lt;error&gt;  &lt;latency&gt; ms</c>, in roster order. Go prints nothing on success; the
/// exit status is the same (0 only if every server answered in time).
/// </summary>
internal sealed class CheckCommand(Terminal terminal, IStatusProbe probe)
{
    public async Task<int> RunAsync(string? rosterPath, int timeoutSeconds, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(rosterPath))
        {
            throw new CliExitException("[-] Must give the roster file to check.");
        }
        GroupConfig roster;
        try
        {
            roster = GroupConfig.Load(rosterPath);
        }
        catch (ConfigException e)
        {
            throw new CliExitException(e.Message);
        }

        var timeout = TimeSpan.FromSeconds(timeoutSeconds);
        var results = await Task.WhenAll(roster.Servers.Select(s => ProbeAsync(s, timeout, cancellationToken)));
        for (var i = 0; i < results.Length; i++)
        {
            var r = results[i];
            var status = r.Reachable ? "ok" : OneLine(r.Error ?? "unreachable");
            var ms = r.Latency.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
            terminal.Info($"{roster.Servers[i].Address}  {status}  {ms} ms");
        }
        var failed = results.Count(r => !r.Reachable);
        if (failed > 0)
        {
            throw new CliExitException($"{failed} of {results.Length} servers did not answer");
        }
        return 0;
    }

    private async Task<ProbeResult> ProbeAsync(GroupServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        giveUp.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            // WaitAsync also covers a probe that ignores its token.
            return await probe.ProbeAsync(server, timeout, giveUp.Token).WaitAsync(timeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ProbeResult.Failed($"no reply within {timeout.TotalSeconds:0} s", clock.Elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ProbeResult.Failed(e.Message, clock.Elapsed);
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
