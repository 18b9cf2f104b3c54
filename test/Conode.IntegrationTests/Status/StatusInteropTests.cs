using System.Net.Sockets;
using System.Net.WebSockets;
using Conode.Client;
using Conode.Client.WebSockets;
using Conode.IntegrationTests.Harness;
using Conode.Silo.Config;

namespace Conode.IntegrationTests.Status;

/// <summary>Status of three real nodes, asked by our client, by the npm client and by <c>conode check</c>.</summary>
[Collection(ThreeNodeCollection.Name)]
public sealed class StatusInteropTests(ThreeNodeCothority fixture)
{
    private LocalCothority Cothority => fixture.Cothority;

    [Fact]
    public async Task Dotnet_client_reads_the_status_of_every_node()
    {
        var roster = GroupConfig.Load(Cothority.RosterPath);
        var client = new ConodeClient();
        foreach (var server in roster.Servers)
        {
            var status = await client.GetStatusAsync(new ConodeEndpoint(server.Address, server.Url));

            var identity = status.ServerIdentity!;
            Assert.Equal(server.Public, Convert.ToHexStringLower(identity.Public!.MarshalBinary()));
            Assert.Equal(server.Address.Value, identity.Address);
            Assert.Equal(server.Description, identity.Description);
            Assert.Equal(["ByzCoin", "Skipchain"], identity.ServiceIdentities.Select(s => s.Name));
            Assert.Equal(
                server.Services.Single(s => s.Name == "Skipchain").Public,
                Convert.ToHexStringLower(identity.ServiceIdentities.Single(s => s.Name == "Skipchain").Public!.MarshalBinary()));

            var generic = status.Status["Generic"].Field;
            var node = Cothority.Nodes.Single(n => n.Port == server.Address.Port);
            Assert.True(ParseGoDuration(generic["Uptime"]) >= DateTime.UtcNow - node.StartedAt - TimeSpan.FromSeconds(1),
                $"uptime {generic["Uptime"]} is shorter than the time since the node was started");
            Assert.Equal(server.Address.Host, generic["Host"]);
            Assert.Equal(server.Address.Port.ToString(), generic["Port"]);
            Assert.Equal("tls", generic["ConnType"]);
            Assert.Contains("Status", generic["Available_Services"].Split(','));
            Assert.Equal("true", status.Status["Db"].Field["Open"]);
            Assert.False(string.IsNullOrEmpty(status.Status["Conode"].Field["version"]));
        }
    }

    [Fact]
    public async Task Npm_client_status_rpc_reads_every_node()
    {
        var (exitCode, lines, stderr) = await NodeJs.RunScriptAsync("status.js", Cothority.RosterPath);

        Assert.True(exitCode == 0, $"status.js failed ({exitCode}): {string.Join('\n', lines)}\n{stderr}");
        var roster = GroupConfig.Load(Cothority.RosterPath);
        Assert.Equal(roster.Servers.Count, lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            Assert.True(line.GetProperty("ok").GetBoolean(), line.ToString());
            var identity = line.GetProperty("serverIdentity");
            Assert.Equal(roster.Servers[i].Public, identity.GetProperty("public").GetString());
            Assert.Equal(roster.Servers[i].Address.Value, identity.GetProperty("address").GetString());
            var sections = line.GetProperty("sections");
            Assert.Equal(roster.Servers[i].Description, sections.GetProperty("Generic").GetProperty("Description").GetString());
            Assert.True(sections.TryGetProperty("Conode", out _));
            Assert.True(sections.TryGetProperty("Db", out _));
        }
    }

    [Fact]
    public async Task Conode_check_prints_one_ok_line_per_server()
    {
        var (exitCode, stdout, stderr) = await Harness.Conode.RunAsync(Cothority.Directory, ["check", Cothority.RosterPath],
            throwOnFailure: false);

        Assert.True(exitCode == 0, stdout + stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Cothority.Nodes.Count, lines.Length);
        foreach (var (node, line) in Cothority.Nodes.Zip(lines))
        {
            Assert.Matches($@"^tls://127\.0\.0\.1:{node.Port}\s+ok\s+[\d.]+ ms$", line);
        }
    }

    [Fact]
    public async Task Conode_check_reports_a_server_that_cannot_prove_the_roster_key()
    {
        // The first entry keeps node 1's address but claims node 2's key.
        var roster = GroupConfig.Load(Cothority.RosterPath);
        var forged = roster with { Servers = [roster.Servers[0] with { Public = roster.Servers[1].Public }, roster.Servers[2]] };
        var path = Path.Combine(Cothority.Directory, "forged-roster.toml");
        forged.Save(path);

        var (exitCode, stdout, _) = await Harness.Conode.RunAsync(Cothority.Directory, ["check", path], throwOnFailure: false);

        Assert.Equal(1, exitCode);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"conode port: certificate is for key {roster.Servers[0].Public}, expected {roster.Servers[1].Public}", lines[0]);
        Assert.Matches(@"\s+ok\s+", lines[1]);
    }

    [Theory]
    [InlineData(new byte[] { 0x0a, 0x05, 0x01 }, "unexpected error: decoding:")] // length points past the end
    [InlineData(new byte[] { 0x0b }, "unexpected error: decoding:")] // group wire type, which Go rejects
    [InlineData(new byte[] { 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f }, "unexpected error: decoding:")] // 4 GiB length
    public async Task Malformed_protobuf_gets_a_go_style_close_and_the_node_keeps_serving(byte[] payload, string reasonStart)
    {
        var node = Cothority.Nodes[0];
        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{node.WebSocketPort}/Status/Request"), CancellationToken.None);
            await socket.SendAsync(payload, WebSocketMessageType.Binary, true, CancellationToken.None);
            var result = await socket.ReceiveAsync(new byte[1024], CancellationToken.None);
            Assert.Equal(WebSocketMessageType.Close, result.MessageType);
            Assert.Equal(WebSocketCloseStatus.ProtocolError, socket.CloseStatus);
            Assert.StartsWith(reasonStart, socket.CloseStatusDescription);
        }
        await AssertServesStatusAsync(node);
    }

    [Fact]
    public async Task Unknown_paths_and_raw_garbage_do_not_disturb_the_node()
    {
        var node = Cothority.Nodes[1];
        var unknown = await Assert.ThrowsAsync<ConodeClientException>(() =>
            new ConodeWebSocketClient().RequestAsync(new Uri($"ws://127.0.0.1:{node.WebSocketPort}/NoSuchService/Request"), Array.Empty<byte>()));
        Assert.Equal(4001, (int?)unknown.CloseStatus);

        var method = await Assert.ThrowsAsync<ConodeClientException>(() =>
            new ConodeWebSocketClient().RequestAsync(new Uri($"ws://127.0.0.1:{node.WebSocketPort}/Status/NoSuchMethod"), Array.Empty<byte>()));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, method.CloseStatus);
        Assert.Equal("unexpected error: The requested message hasn't been registered: NoSuchMethod", method.CloseReason);

        // Random bytes on both of the node's ports instead of HTTP or onet frames.
        foreach (var port in new[] { node.WebSocketPort, node.Port })
        {
            using var raw = new TcpClient();
            try
            {
                await raw.ConnectAsync("127.0.0.1", port);
                var junk = new byte[64 * 1024];
                new Random(port).NextBytes(junk);
                await raw.GetStream().WriteAsync(junk);
            }
            catch (SocketException)
            {
                // Refused or reset: the node would not listen to it, which is fine too.
            }
            catch (IOException)
            {
            }
        }
        await AssertServesStatusAsync(node);
    }

    /// <summary>Reads the Go duration texts Status reports (<c>1h2m3.5s</c>, <c>250.1ms</c>).</summary>
    private static TimeSpan ParseGoDuration(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:([\d.]+)(s|ms|µs|ns))?$");
        Assert.True(match.Success, $"not a Go duration: {text}");
        double Part(int group) => match.Groups[group].Success ? double.Parse(match.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var unit = match.Groups[4].Value switch { "s" => 1.0, "ms" => 1e-3, "µs" => 1e-6, "ns" => 1e-9, _ => 0 };
        return TimeSpan.FromSeconds(Part(1) * 3600 + Part(2) * 60 + Part(3) * unit);
    }

    private static async Task AssertServesStatusAsync(ConodeProcess node)
    {
        var status = await new ConodeClient().GetStatusAsync(ConodeEndpoint.Parse($"tls://127.0.0.1:{node.Port}"));
        Assert.Equal("true", status.Status["Db"].Field["Open"]);
    }
}
