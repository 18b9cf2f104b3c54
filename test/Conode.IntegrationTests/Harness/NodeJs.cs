using System.Diagnostics;
using System.Text.Json;

namespace Conode.IntegrationTests.Harness;

/// <summary>Runs the npm-client scripts of test/interop-js (installed by test.sh) with node.</summary>
public static class NodeJs
{
    public static async Task<(int ExitCode, IReadOnlyList<JsonElement> Lines, string Stderr)> RunScriptAsync(
        string script, params string[] args)
    {
        var modules = Path.Combine(RepositoryFolder.InteropJs, "node_modules", "@dedis", "cothority");
        if (!Directory.Exists(modules))
        {
            throw new InvalidOperationException(
                $"{modules} is missing: run ./test.sh (it installs the pinned npm client) or `npm ci` in test/interop-js");
        }
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryFolder.InteropJs,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
        return (process.ExitCode, lines, await stderr);
    }
}
