using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Conode.Client;
using Conode.IntegrationTests.Harness;
using Conode.IntegrationTests.Status;

namespace Conode.IntegrationTests.Monitoring;

/// <summary>Two real nodes with a monitoring port each and JSON logs.</summary>
public sealed class MonitoredCothority : IAsyncLifetime
{
    public LocalCothority Cothority { get; private set; } = null!;

    public async Task InitializeAsync() => Cothority = await LocalCothority.StartAsync(2, withMetrics: true, jsonLogs: true);

    public async Task DisposeAsync() => await Cothority.DisposeAsync();
}

/// <summary><c>/metrics</c> and <c>/health</c> of real conode processes, scraped over HTTP.</summary>
public sealed class MonitoringTests(MonitoredCothority fixture) : IClassFixture<MonitoredCothority>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private LocalCothority Cothority => fixture.Cothority;

    [Fact]
    public async Task Client_requests_and_a_connectivity_round_show_on_the_asked_node()
    {
        var node = Cothority.Nodes[0];
        const string Status = "conode_client_requests_total{service=\"Status\",method=\"Request\",outcome=\"ok\"}";
        const string Check = "conode_client_requests_total{service=\"Status\",method=\"CheckConnectivity\",outcome=\"ok\"}";
        var before = await ScrapeAsync(node);

        var client = new ConodeClient();
        await client.GetStatusAsync(ConnectivityTests.Endpoint(node));
        await client.CheckConnectivityAsync(ConnectivityTests.Endpoint(node), ConnectivityTests.KeyOf(node),
            ConnectivityTests.Roster(Cothority), TimeSpan.FromSeconds(20), findFaulty: false);

        var after = await ScrapeAsync(node);
        Assert.Equal(1, Sample(after, Status) - (TrySample(before, Status) ?? 0));
        Assert.Equal(1, Sample(after, Check) - (TrySample(before, Check) ?? 0));
        Assert.True(Sample(after, "conode_round_duration_seconds_count{outcome=\"success\",protocol=\"Broadcast\"}") >= 1);
        Assert.True(Sample(after, "conode_peer_sent_bytes_total") > Sample(before, "conode_peer_sent_bytes_total"));
        Assert.True(Sample(after, "conode_peer_received_bytes_total") > Sample(before, "conode_peer_received_bytes_total"));
        Assert.Equal(1, Sample(after, "conode_peers_connected"));

        var (status, health) = await HealthAsync(node);
        Assert.Equal(HttpStatusCode.OK, status);
        var checks = health.GetProperty("checks");
        Assert.Equal(1, checks.GetProperty("peers").GetProperty("data").GetProperty("connectedPeers").GetInt32());
        Assert.True(checks.GetProperty("peers").GetProperty("data").GetProperty("secondsSinceLastContact").GetDouble() >= 0);
        Assert.True(checks.GetProperty("rounds").GetProperty("data").GetProperty("secondsSinceLastRound").GetDouble() >= 0);
    }

    [Fact]
    public async Task An_open_client_session_shows_its_age_and_request_count_until_it_closes()
    {
        // Node 1: the other tests send no client requests to it, so the session below is its only one.
        var node = Cothority.Nodes[1];
        using var cancel = new CancellationTokenSource(Timeout);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{node.WebSocketPort}/Status/Request"), cancel.Token);
        var reply = new byte[64 * 1024];
        for (var i = 0; i < 3; i++)
        {
            // status.Request is empty: zero payload bytes.
            await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Binary, endOfMessage: true, cancel.Token);
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(reply.AsMemory(), cancel.Token);
                Assert.Equal(WebSocketMessageType.Binary, received.MessageType);
            }
            while (!received.EndOfMessage);
        }

        var open = await ScrapeAsync(node);
        Assert.Equal(1, Sample(open, "conode_client_sessions"));
        Assert.Equal(3, Sample(open, "conode_client_session_requests_max"));
        Assert.InRange(Sample(open, "conode_client_session_oldest_age_seconds"), 1e-6, Timeout.TotalSeconds);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", cancel.Token);
        var closed = await Conode.Tests.Eventually.AskAsync(() => ScrapeAsync(node), page => Sample(page, "conode_client_sessions") == 0);
        Assert.Equal(0, Sample(closed, "conode_client_session_requests_max"));
        Assert.Equal(0, Sample(closed, "conode_client_session_oldest_age_seconds"));
    }

    [Fact]
    public async Task Every_node_is_healthy_with_a_writable_store_and_keeps_monitoring_off_its_client_port()
    {
        using var http = new HttpClient { Timeout = Timeout };
        foreach (var node in Cothority.Nodes)
        {
            var (status, health) = await HealthAsync(node);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("healthy", health.GetProperty("status").GetString());
            Assert.Equal("writable", health.GetProperty("checks").GetProperty("store").GetProperty("description").GetString());

            var onClientPort = await http.GetAsync($"http://127.0.0.1:{node.WebSocketPort}/metrics");
            Assert.Equal(HttpStatusCode.BadRequest, onClientPort.StatusCode);
        }
    }

    [Fact]
    public async Task Logs_are_one_json_object_per_line_when_asked()
    {
        var node = Cothority.Nodes[0];
        // The start line follows the listeners' start, which is what the fixture waited for: give it a moment.
        var deadline = DateTime.UtcNow + Timeout;
        while (!node.Log.Contains("\"Message\":\"Conode tls://127.0.0.1", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "no start line in:\n" + node.Log);
            await Task.Delay(200);
        }
        foreach (var line in node.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var entry = JsonDocument.Parse(line);
            Assert.True(entry.RootElement.TryGetProperty("Timestamp", out _), line);
            Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _), line);
            Assert.True(entry.RootElement.TryGetProperty("Category", out _), line);
        }
    }

    private static async Task<string> ScrapeAsync(ConodeProcess node)
    {
        using var http = new HttpClient { Timeout = Timeout };
        return await http.GetStringAsync($"http://127.0.0.1:{node.MetricsPort}/metrics");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> HealthAsync(ConodeProcess node)
    {
        using var http = new HttpClient { Timeout = Timeout };
        using var response = await http.GetAsync($"http://127.0.0.1:{node.MetricsPort}/health");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    private static double Sample(string page, string series) =>
        TrySample(page, series) ?? throw new Xunit.Sdk.XunitException($"no sample {series} in:\n{page}");

    private static double? TrySample(string page, string series) =>
        Regex.Match(page, $"^{Regex.Escape(series)} (\\S+)$", RegexOptions.Multiline) is { Success: true } match
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;
}
