using System.Threading.Channels;
using Conode.Messaging;
using Conode.Network;
using Conode.Overlay;
using Conode.Silo.Hosting;
using Conode.Silo.Overlay;
using Conode.Silo.Tests.Peers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conode.Silo.Tests.Overlay;

public sealed class OverlayRouterTests
{
    [Fact]
    public async Task Raw_service_messages_reach_the_service_that_registered_their_type()
    {
        var dataDir = Directory.CreateTempSubdirectory("conode-overlay-").FullName;
        var options = LoopbackNode.Options(dataDir, "overlay test");
        var service = new DoneProcessor();
        var app = ConodeHost.Build(options, services => services.AddSingleton<IServiceMessageHandler>(service));
        try
        {
            await app.StartAsync();
            await using var peer = await PeerNode.StartAsync();

            // No service takes ContactNodes outside a protocol: dropped; Done is the registered one.
            await peer.Network.SendAsync(options.Identity.ServerIdentity, new ContactNodes());
            await peer.Network.SendAsync(options.Identity.ServerIdentity, new Done());

            var (from, message) = await service.Received.Reader.ReadAsync().AsTask().WaitAsync(PeerNode.Patience);
            Assert.IsType<Done>(message);
            Assert.Equal(peer.Identity.Id, from.Id);
            Assert.False(service.Received.Reader.TryRead(out _));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public void Two_services_cannot_process_the_same_message_type()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new OverlayRouter(null!, null!, null!,
            [new DoneProcessor(), new DoneProcessor()], [], NullLogger<OverlayRouter>.Instance));
        Assert.Contains("Done", error.Message);
    }

    [Fact]
    public void A_protocol_cannot_be_routed_to_two_grains()
    {
        var route = new ProtocolRoute("Twice", (factory, key) => factory.GetGrain<IBroadcastGrain>(key));
        var error = Assert.Throws<InvalidOperationException>(() => new OverlayRouter(null!, null!, null!,
            [], [route, route with { }], NullLogger<OverlayRouter>.Instance));
        Assert.Contains("Twice", error.Message);
    }

    [Fact]
    public void A_pending_config_is_taken_once()
    {
        var configs = new PendingConfigs();
        var token = Uuid.NewRandom();
        configs.Add(token, [1, 2, 3]);
        Assert.Equal([1, 2, 3], configs.Take(token));
        Assert.Null(configs.Take(token));
    }

    [Fact]
    public void Pending_configs_stay_bounded_and_keep_the_newest()
    {
        var configs = new PendingConfigs(capacity: 8);
        var tokens = Enumerable.Range(0, 20).Select(_ => Uuid.NewRandom()).ToList();
        foreach (var (token, i) in tokens.Select((t, i) => (t, i)))
        {
            configs.Add(token, [(byte)i]);
        }
        Assert.True(configs.Count <= 8);
        Assert.Equal([19], configs.Take(tokens[19]));
        Assert.Null(configs.Take(tokens[0]));
    }

    private sealed class DoneProcessor : IServiceMessageHandler
    {
        public Channel<(ServerIdentity From, object Message)> Received { get; } = Channel.CreateUnbounded<(ServerIdentity, object)>();

        public IReadOnlyCollection<Type> MessageTypes { get; } = [typeof(Done)];

        public async Task HandleAsync(ServerIdentity from, object message) => await Received.Writer.WriteAsync((from, message));
    }
}
