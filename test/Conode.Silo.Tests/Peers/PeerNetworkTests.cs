using System.Net;
using System.Net.Sockets;
using Conode.Messaging;
using Conode.Network;
using Conode.Silo.Peers;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Tests.Peers;

public class PeerNetworkTests
{
    [Theory]
    [InlineData(ConnType.Tls)]
    [InlineData(ConnType.Tcp)]
    public async Task Two_nodes_exchange_messages_both_ways_over_one_connection(ConnType connType)
    {
        await using var a = await PeerNode.StartAsync(connType);
        await using var b = await PeerNode.StartAsync(connType);
        // B answers every ContactNodes with Done, as the Broadcast protocol does.
        b.Handler.OnReceived = async (from, message) =>
        {
            if (message is ContactNodes)
            {
                await b.Network.SendAsync(from, new Done());
            }
        };

        await a.Network.SendAsync(b.Identity, new ContactNodes());

        var atB = await b.Handler.NextAsync();
        Assert.IsType<ContactNodes>(atB.Message);
        Assert.Equal(MessageTypeId.Of(typeof(ContactNodes)), atB.TypeId);
        Assert.Equal(a.Identity.Id, atB.From.Id);
        Assert.Equal(a.Identity.Address, atB.From.Address);
        var atA = await a.Handler.NextAsync();
        Assert.IsType<Done>(atA.Message);
        Assert.Equal(b.Identity.Id, atA.From.Id);

        // B replied on the connection A opened: only A ever dialled.
        Assert.Single(a.Log.At(LogLevel.Debug), l => l.StartsWith("Connected to peer", StringComparison.Ordinal));
        Assert.DoesNotContain(b.Log.At(LogLevel.Debug), l => l.StartsWith("Connected to peer", StringComparison.Ordinal));
        Assert.Empty(a.Log.At(LogLevel.Warning));
        Assert.Empty(b.Log.At(LogLevel.Warning));

        // Identity frame + ContactNodes (4 + 16 + 0) from A; Done from B.
        var identityFrame = PeerFraming.Frame(MessageRegistry.Default.Marshal(a.Identity)).Length;
        await PeerNode.UntilAsync(() => a.Network.Traffic.SentBytes == identityFrame + 20
            && b.Network.Traffic.ByPeer.TryGetValue(a.Identity.Id, out var toA) && toA.SentBytes == 20);
        Assert.Equal(identityFrame + 20, a.Network.Traffic.SentBytes);
        Assert.Equal(20, a.Network.Traffic.ReceivedBytes);
        Assert.Equal(identityFrame + 20, b.Network.Traffic.ReceivedBytes);
        Assert.Equal(20, b.Network.Traffic.ByPeer[a.Identity.Id].SentBytes);
    }

    [Fact]
    public async Task Five_nodes_all_talk_to_each_other_over_tls()
    {
        var nodes = new List<PeerNode>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                nodes.Add(await PeerNode.StartAsync());
            }
            await Task.WhenAll(nodes.SelectMany(from => nodes.Where(to => to != from)
                .Select(to => from.Network.SendAsync(to.Identity, new ContactNodes()))));

            foreach (var node in nodes)
            {
                var senders = new HashSet<Uuid>();
                for (var i = 0; i < 4; i++)
                {
                    var received = await node.Handler.NextAsync();
                    Assert.IsType<ContactNodes>(received.Message);
                    senders.Add(received.From.Id);
                }
                Assert.Equal(nodes.Where(n => n != node).Select(n => n.Identity.Id).ToHashSet(), senders);
                Assert.True(!node.Log.At(LogLevel.Warning).Any(), string.Join("\n", node.Log.At(LogLevel.Warning)));
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Frames_to_one_peer_arrive_in_send_order()
    {
        await using var a = await PeerNode.StartAsync();
        await using var b = await PeerNode.StartAsync();
        var sends = Enumerable.Range(0, 200)
            .Select(i => a.Network.SendAsync(b.Identity, i % 2 == 0 ? new ContactNodes() : new Done()))
            .ToList();
        await Task.WhenAll(sends);
        for (var i = 0; i < 200; i++)
        {
            var received = await b.Handler.NextAsync();
            Assert.IsType(i % 2 == 0 ? typeof(ContactNodes) : typeof(Done), received.Message);
        }
    }

    [Fact]
    public async Task A_full_send_queue_makes_the_sender_wait_and_a_cancelled_wait_sends_nothing()
    {
        await using var a = await PeerNode.StartAsync(configure: o => o with { SendQueueCapacity = 1, DialTimeout = PeerNode.Patience });
        await using var b = await PeerNode.StartAsync();
        // A door in front of B that lets the connection through only when opened: A's writer stalls in the dial.
        using var door = new TcpListener(IPAddress.Loopback, 0);
        door.Start();
        var opened = new TaskCompletionSource();
        var accepted = StartRelay(door, b.Port, opened.Task);
        var viaDoor = ServerIdentity.Create(b.Key.Public, $"tls://127.0.0.1:{((IPEndPoint)door.LocalEndpoint).Port}");

        var first = a.Network.SendAsync(viaDoor, new ContactNodes());
        await accepted.WaitAsync(PeerNode.Patience); // the writer took the first frame and is dialling
        var second = a.Network.SendAsync(viaDoor, new Done()); // fills the queue of one
        using var giveUp = new CancellationTokenSource();
        var third = a.Network.SendAsync(viaDoor, new ContactNodes(), giveUp.Token);
        Assert.False(third.IsCompleted);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);

        opened.SetResult();
        await Task.WhenAll(first, second).WaitAsync(PeerNode.Patience);
        await a.Network.SendAsync(viaDoor, new Done());

        Assert.IsType<ContactNodes>((await b.Handler.NextAsync()).Message);
        Assert.IsType<Done>((await b.Handler.NextAsync()).Message);
        // The cancelled send never entered the queue: next comes the last Done.
        Assert.IsType<Done>((await b.Handler.NextAsync()).Message);
    }

    /// <summary>
    /// Accepts one connection, waits for <paramref name="open"/>, then relays it to 127.0.0.1:<paramref name="port"/>
    /// until either side closes; the returned task completes on accept.
    /// </summary>
    private static Task StartRelay(TcpListener door, int port, Task open)
    {
        var accepted = new TaskCompletionSource();
        _ = Task.Run(async () =>
        {
            using var inbound = await door.AcceptTcpClientAsync();
            accepted.SetResult();
            await open;
            using var outbound = new TcpClient();
            await outbound.ConnectAsync(IPAddress.Loopback, port);
            await Task.WhenAny(inbound.GetStream().CopyToAsync(outbound.GetStream()), outbound.GetStream().CopyToAsync(inbound.GetStream()));
        });
        return accepted.Task;
    }

    [Fact]
    public async Task Messages_to_oneself_never_touch_the_wire()
    {
        await using var a = await PeerNode.StartAsync();
        await a.Network.SendAsync(a.Identity, new Done());
        var received = await a.Handler.NextAsync();
        Assert.IsType<Done>(received.Message);
        Assert.Equal(0, a.Network.Traffic.SentBytes);
    }

    [Fact]
    public async Task A_peer_that_went_away_is_reached_again_after_it_comes_back()
    {
        await using var a = await PeerNode.StartAsync();
        var b = await PeerNode.StartAsync();
        await a.Network.SendAsync(b.Identity, new Done());
        await b.Handler.NextAsync();
        var bKey = b.Key;
        await b.DisposeAsync();

        // Same key and port: a restarted node.
        await using var restarted = await PeerNode.StartAsync(identity: (_, _) => b.Identity,
            credentials: _ => new OnetTlsCredentials(bKey), configure: o => o with { ListenPort = b.Port });
        await a.Network.SendAsync(b.Identity, new ContactNodes());
        Assert.IsType<ContactNodes>((await restarted.Handler.NextAsync()).Message);
    }

    [Fact]
    public async Task Idle_connections_close_and_the_next_send_dials_again()
    {
        var idle = TimeSpan.FromMilliseconds(300);
        await using var a = await PeerNode.StartAsync(configure: o => o with { ReadTimeout = idle });
        // Only a times out: with the same deadline on both sides, b could close first and a would see an end of stream.
        await using var b = await PeerNode.StartAsync();
        await a.Network.SendAsync(b.Identity, new ContactNodes());
        await b.Handler.NextAsync();

        using (var patience = new CancellationTokenSource(PeerNode.Patience))
        {
            while (!a.Log.At(LogLevel.Debug).Any(l => l.EndsWith("ended: timed out", StringComparison.Ordinal)))
            {
                await Task.Delay(20, patience.Token);
            }
        }
        await a.Network.SendAsync(b.Identity, new Done());

        Assert.IsType<Done>((await b.Handler.NextAsync()).Message);
        Assert.Equal(2, a.Log.At(LogLevel.Debug).Count(l => l.StartsWith("Connected to peer", StringComparison.Ordinal)));
        Assert.Empty(b.Log.At(LogLevel.Warning));
    }

    [Fact]
    public async Task An_unreachable_peer_fails_the_send_and_is_logged_once()
    {
        await using var a = await PeerNode.StartAsync();
        var nobody = ServerIdentity.Create(Crypto.Ed25519.Ed25519KeyPair.Generate().Public, $"tls://127.0.0.1:{LoopbackNode.FreePort()}");

        await Assert.ThrowsAsync<PeerUnreachableException>(() => a.Network.SendAsync(nobody, new Done()));
        Assert.Single(a.Log.At(LogLevel.Warning), l => l.Contains(nobody.Address, StringComparison.Ordinal));
    }
}
