using System.Diagnostics;
using System.Text;
using Conode.IntegrationTests.Harness;
using Conode.Silo.Config;

namespace Conode.IntegrationTests.Status;

/// <summary>The operator's way to a local cothority: <c>run_nodes.sh</c>, with the conode built beside the tests.</summary>
public sealed class RunNodesScriptTests
{
    [Fact]
    public async Task Run_nodes_starts_a_cothority_that_answers_and_stops_every_node_on_sigterm()
    {
        var directory = Directory.CreateTempSubdirectory("conode-run-nodes-").FullName;
        var basePort = LocalCothority.FreePortBlock(4);
        var output = new StringBuilder();
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { Path.Combine(RepositoryFolder.Path, "run_nodes.sh"), "-n", "2", "-p", basePort.ToString(), "-d", directory, "-q" },
        };
        info.Environment["CONODE_BIN"] = Path.Combine(AppContext.BaseDirectory, "conode");
        using var script = new Process { StartInfo = info };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (output)
            {
                output.AppendLine(e.Data);
            }
            if (e.Data.Contains("Cothority of 2 nodes is up", StringComparison.Ordinal))
            {
                up.TrySetResult();
            }
        };
        script.OutputDataReceived += collect;
        script.ErrorDataReceived += collect;
        script.Start();
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        try
        {
            await up.Task.WaitAsync(TimeSpan.FromSeconds(120));

            var roster = GroupConfig.Load(Path.Combine(directory, "public.toml"));
            Assert.Equal([$"tls://127.0.0.1:{basePort}", $"tls://127.0.0.1:{basePort + 2}"], roster.Servers.Select(s => s.Address.Value));
            Assert.Equal(["Conode_1", "Conode_2"], roster.Servers.Select(s => s.Description));
            var (exitCode, stdout, stderr) = await Harness.Conode.RunAsync(directory, ["check", Path.Combine(directory, "public.toml")],
                throwOnFailure: false);
            Assert.True(exitCode == 0, stdout + stderr);
            Assert.Equal(2, Directory.GetFiles(directory, "*.db").Length);
            Assert.Equal(2, Directory.GetFiles(Path.Combine(directory, "log"), "conode_co*.log").Length);
        }
        finally
        {
            using (var term = Process.Start("kill", ["-TERM", script.Id.ToString()]))
            {
                await term.WaitForExitAsync();
            }
            await script.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Empty(await ConodesStillRunningIn(directory));
        Assert.False(File.Exists(Path.Combine(directory, "running")));
        Directory.Delete(directory, recursive: true);
    }

    private static async Task<string> ConodesStillRunningIn(string directory)
    {
        // Give dying processes a moment, then list any conode still holding a config of this directory.
        for (var i = 0; i < 20; i++)
        {
            using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-f", "--", $"-c {directory}/co"]) { RedirectStandardOutput = true })!;
            var found = (await pgrep.StandardOutput.ReadToEndAsync()).Trim();
            await pgrep.WaitForExitAsync();
            switch (pgrep.ExitCode)
            {
                case 1:
                    return "";
                case 0:
                    await Task.Delay(250);
                    continue;
                default:
                    throw new InvalidOperationException($"pgrep failed with exit code {pgrep.ExitCode}");
            }
        }
        return "conode processes left behind in " + directory;
    }
}
