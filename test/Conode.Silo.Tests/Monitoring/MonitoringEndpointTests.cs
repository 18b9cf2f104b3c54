using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Conode.Grains.Diagnostics;
using Conode.Silo.Tests.Gateway;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Conode.Silo.Tests.Monitoring;

/// <summary><c>/metrics</c> and <c>/health</c> of a real in-process node, scraped over HTTP on its monitoring port.
/// Tests of one class run one after another, so differences between two scrapes are this test's own doing.</summary>
public sealed class MonitoringEndpointTests(GatewayHostFixture node) : IClassFixture<GatewayHostFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const string EchoOk = "conode_client_requests_total{service=\"Echo\",method=\"Say\",outcome=\"ok\"}";

    [Fact]
    public async Task A_request_made_before_the_scrape_is_counted_with_its_bytes_and_latency()
    {
        var before = await ScrapeAsync();

        await EchoAsync("abcd", expectClose: false);

        var after = await ScrapeAsync();
        Assert.Equal(1, Value(after, EchoOk) - ValueOrZero(before, EchoOk));
        Assert.Equal(1, Value(after, "conode_client_request_duration_seconds_count{service=\"Echo\",method=\"Say\"}")
            - ValueOrZero(before, "conode_client_request_duration_seconds_count{service=\"Echo\",method=\"Say\"}"));
        Assert.Equal(4, Value(after, "conode_client_received_bytes_total") - Value(before, "conode_client_received_bytes_total"));
        Assert.Equal(4, Value(after, "conode_client_sent_bytes_total") - Value(before, "conode_client_sent_bytes_total"));
    }

    [Fact]
    public async Task Failed_requests_are_counted_by_outcome_and_client_paths_never_become_labels()
    {
        const string Failed = "conode_client_requests_total{service=\"Echo\",method=\"Say\",outcome=\"processing_error\"}";
        const string Unknown = "conode_client_requests_total{service=\"(unknown)\",method=\"(unknown)\",outcome=\"unknown_service\"}";
        const string NoMethod = "conode_client_requests_total{service=\"Echo\",method=\"(unknown)\",outcome=\"unknown_method\"}";
        var before = await ScrapeAsync();

        await EchoAsync("fail", expectClose: true);
        await EchoAsync(null, expectClose: true, path: "/NoSuchService/Request");
        await EchoAsync("x", expectClose: true, path: "/Echo/NoSuchMethod");

        var after = await ScrapeAsync();
        Assert.Equal(1, Value(after, Failed) - ValueOrZero(before, Failed));
        Assert.Equal(1, Value(after, Unknown) - ValueOrZero(before, Unknown));
        Assert.Equal(1, Value(after, NoMethod) - ValueOrZero(before, NoMethod));
        Assert.DoesNotContain("NoSuch", after);
    }

    [Fact]
    public async Task Grain_metrics_are_exported_for_the_skipchain_and_round_code()
    {
        var metrics = node.Services.GetRequiredService<ConodeMetrics>();
        const string Rounds = "conode_round_duration_seconds_count{outcome=\"failure\",protocol=\"monitoring-test\"}";
        var before = await ScrapeAsync();

        metrics.BlockStored();
        metrics.RoundCompleted("monitoring-test", TimeSpan.FromMilliseconds(30), success: false);

        var after = await ScrapeAsync();
        Assert.Equal(1, Value(after, "conode_skipchain_blocks_stored") - ValueOrZero(before, "conode_skipchain_blocks_stored"));
        Assert.Equal(1, Value(after, Rounds) - ValueOrZero(before, Rounds));
        var health = await HealthAsync();
        Assert.True(health.Json.GetProperty("checks").GetProperty("rounds").GetProperty("data")
            .GetProperty("secondsSinceLastRound").GetDouble() >= 0);
    }

    [Fact]
    public async Task The_page_has_peer_traffic_process_figures_and_the_node()
    {
        var page = await ScrapeAsync();
        foreach (var name in new[]
                 {
                     "conode_peer_received_bytes_total", "conode_peer_sent_bytes_total", "conode_peer_connections",
                     "conode_peers_connected", "conode_client_connections", "process_cpu_seconds_total",
                 })
        {
            Assert.Matches(new Regex($"^{name} ", RegexOptions.Multiline), page);
        }
        Assert.Contains($"conode_info{{address=\"{node.Identity.ServerIdentity.Address}\"", page);
    }

    [Fact]
    public async Task Health_is_200_with_every_check_passing()
    {
        var (status, json) = await HealthAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", json.GetProperty("status").GetString());
        var checks = json.GetProperty("checks");
        foreach (var check in new[] { "store", "silo", "peers", "rounds" })
        {
            Assert.Equal("healthy", checks.GetProperty(check).GetProperty("status").GetString());
        }
        Assert.Equal(0, checks.GetProperty("peers").GetProperty("data").GetProperty("connectedPeers").GetInt32());
    }

    [Fact]
    public async Task Health_is_503_while_the_store_cannot_take_a_write_and_200_again_after()
    {
        await using (var blocker = new SqliteConnection(new SqliteConnectionStringBuilder
                     {
                         DataSource = node.DatabasePath,
                         Pooling = false,
                     }.ToString()))
        {
            await blocker.OpenAsync();
            await using var exclusive = blocker.CreateCommand();
            // Another writer holding the database: every write of the node waits, then fails.
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            await exclusive.ExecuteNonQueryAsync();

            var (status, json) = await HealthAsync();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("unhealthy", json.GetProperty("status").GetString());
            Assert.Equal("unhealthy", json.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
            Assert.Equal("healthy", json.GetProperty("checks").GetProperty("silo").GetProperty("status").GetString());
        }

        // A probe caught by the lock may still be finishing; the next ones find the store writable again.
        var deadline = DateTime.UtcNow + Timeout;
        while ((await HealthAsync()).Status != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "health did not recover once the store was writable again");
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task Monitoring_stays_off_the_client_port_and_the_monitoring_port_serves_nothing_else()
    {
        using var http = new HttpClient { Timeout = Timeout };
        var onClientPort = await http.GetAsync($"http://127.0.0.1:{node.Port}/metrics");
        Assert.Equal(HttpStatusCode.BadRequest, onClientPort.StatusCode);
        Assert.DoesNotContain("conode_", await onClientPort.Content.ReadAsStringAsync());

        var elsewhere = await http.GetAsync($"http://127.0.0.1:{node.MetricsPort}/Echo/Say");
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    private async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { Timeout = Timeout };
        using var response = await http.GetAsync($"http://127.0.0.1:{node.MetricsPort}/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> HealthAsync()
    {
        using var http = new HttpClient { Timeout = Timeout };
        using var response = await http.GetAsync($"http://127.0.0.1:{node.MetricsPort}/health");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>Sends one message (none when null: a path of no service is closed at once); waits for the reply,
    /// or for the close frame when the request must fail.</summary>
    private async Task EchoAsync(string? payload, bool expectClose, string path = "/Echo/Say")
    {
        using var socket = new ClientWebSocket();
        using var cts = new CancellationTokenSource(Timeout);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{node.Port}{path}"), cts.Token);
        if (payload is not null)
        {
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(payload), WebSocketMessageType.Binary, true, cts.Token);
        }
        var result = await socket.ReceiveAsync(new byte[1024], cts.Token);
        Assert.Equal(expectClose, result.MessageType == WebSocketMessageType.Close);
        if (!expectClose)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
        }
    }

    /// <summary>The value of the sample named exactly <paramref name="series"/> (name and labels as on the page).</summary>
    private static double Value(string page, string series) =>
        TryValue(page, series) ?? throw new Xunit.Sdk.XunitException($"no sample {series} in:\n{page}");

    private static double ValueOrZero(string page, string series) => TryValue(page, series) ?? 0;

    private static double? TryValue(string page, string series)
    {
        var line = page.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
