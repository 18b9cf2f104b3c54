using System.Net.WebSockets;
using Conode.Client;
using Conode.Client.WebSockets;
using Conode.Crypto.Ed25519;
using Conode.IntegrationTests.Harness;
using Conode.Network;
using Conode.Services.Status;
using Conode.Silo.Config;

namespace Conode.IntegrationTests.Status;

/// <summary><c>Status/CheckConnectivity</c>: the Broadcast protocol between real nodes over the TLS conode port.</summary>
[Collection(ThreeNodeCollection.Name)]
public sealed class ConnectivityTests(ThreeNodeCothority fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private LocalCothority Cothority => fixture.Cothority;

    [Fact]
    public async Task A_node_asked_by_its_operator_reports_that_all_nodes_reach_each_other()
    {
        var roster = Roster(Cothority);
        var asked = Cothority.Nodes[1];

        var reply = await new ConodeClient().CheckConnectivityAsync(Endpoint(asked), KeyOf(asked), roster, Timeout, findFaulty: false);

        // The asked node moves to the front, as Go swaps it there.
        Assert.Equal([roster[1].Id, roster[0].Id, roster[2].Id], reply.Nodes.Select(n => n.Id));
    }

    [Fact]
    public async Task A_request_signed_by_another_key_is_refused()
    {
        var error = await Assert.ThrowsAsync<ConodeClientException>(() => new ConodeClient().CheckConnectivityAsync(
            Endpoint(Cothority.Nodes[0]), KeyOf(Cothority.Nodes[1]), Roster(Cothority), Timeout, findFaulty: false));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, error.CloseStatus);
        Assert.Contains("signature verification failed", error.CloseReason);
    }

    [Fact]
    public async Task A_stale_request_and_a_list_without_the_node_are_refused()
    {
        var node = Cothority.Nodes[0];
        var stale = Signed(node, new CheckConnectivity
        {
            Time = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(),
            Timeout = Timeout.Ticks * 100,
            List = Roster(Cothority),
        });
        var old = await Assert.ThrowsAsync<ConodeClientException>(() => Send(node, stale));
        Assert.Contains("more than 2 minutes", old.CloseReason);

        var without = Signed(node, new CheckConnectivity
        {
            Time = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Timeout = Timeout.Ticks * 100,
            List = Roster(Cothority).Skip(1).ToList(),
        });
        var missing = await Assert.ThrowsAsync<ConodeClientException>(() => Send(node, without));
        Assert.Contains("not in the list", missing.CloseReason);
    }

    internal static List<ServerIdentity> Roster(LocalCothority cothority) =>
        GroupConfig.Load(cothority.RosterPath).Servers.Select(s => s.ToServerIdentity()).ToList();

    internal static ConodeEndpoint Endpoint(ConodeProcess node) => ConodeEndpoint.Parse($"tls://127.0.0.1:{node.Port}");

    internal static Ed25519KeyPair KeyOf(ConodeProcess node) => Ed25519KeyPair.FromHex(PrivateConfig.Load(node.PrivateTomlPath).Private);

    private static CheckConnectivity Signed(ConodeProcess node, CheckConnectivity request)
    {
        request.Signature = Schnorr.Sign(KeyOf(node), ConnectivitySignature.Message(request));
        return request;
    }

    private static Task<CheckConnectivityReply> Send(ConodeProcess node, CheckConnectivity request) =>
        new ConodeClient().RequestAsync<CheckConnectivity, CheckConnectivityReply>(Endpoint(node), "Status", request);
}

/// <summary>A node that is down: its own cothority, since it kills a node.</summary>
public sealed class ConnectivityWithADeadNodeTests
{
    [Fact]
    public async Task A_dead_node_fails_the_check_and_find_faulty_leaves_it_out()
    {
        await using var cothority = await LocalCothority.StartAsync(4);
        var roster = ConnectivityTests.Roster(cothority);
        var asked = cothority.Nodes[0];
        await cothority.Nodes[2].KillAsync();
        var client = new ConodeClient();
        var timeout = TimeSpan.FromSeconds(5);

        var failure = await Assert.ThrowsAsync<ConodeClientException>(() =>
            client.CheckConnectivityAsync(ConnectivityTests.Endpoint(asked), ConnectivityTests.KeyOf(asked), roster, timeout, findFaulty: false));
        Assert.Contains("not all nodes could be contacted", failure.CloseReason);

        var reply = await client.CheckConnectivityAsync(ConnectivityTests.Endpoint(asked), ConnectivityTests.KeyOf(asked), roster, timeout, findFaulty: true);
        Assert.Equal([roster[0].Id, roster[1].Id, roster[3].Id], reply.Nodes.Select(n => n.Id));
    }
}
