using System.Net;
using Conode.Crypto.Ed25519;
using Conode.Messaging;
using Conode.Network;
using Conode.Protobuf;
using Conode.Services.Status;
using Conode.Silo.Gateway;
using Conode.Silo.Hosting;
using Conode.Silo.Peers;
using Microsoft.Extensions.DependencyInjection;

namespace Conode.Silo.Tests.Peers;

/// <summary>The conode port runs with the host, hands messages to the registered handler and feeds Status.</summary>
public class ConodeHostPeerTests
{
    [Fact]
    public async Task Host_listens_on_the_conode_port_and_reports_peer_traffic_in_status()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "conode-peers-" + Guid.NewGuid().ToString("N"));
        var options = LoopbackNode.Options(dataDir, "peer host test");
        var identity = options.Identity;
        var handler = new RecordingHandler();
        var app = ConodeHost.Build(options, services => services.AddSingleton<IPeerMessageHandler>(handler));
        try
        {
            await app.StartAsync();
            await using var peer = await PeerNode.StartAsync();

            await peer.Network.SendAsync(identity.ServerIdentity, new ContactNodes());

            var received = await handler.NextAsync();
            Assert.IsType<ContactNodes>(received.Message);
            Assert.Equal(peer.Identity.Id, received.From.Id);
            var status = app.Services.GetServices<IClientService>().Single(s => s.Name == "Status");
            var reply = DedisProtobuf.Decode<StatusResponse>(await status.HandleAsync("Request", DedisProtobuf.Encode(new StatusRequest()), CancellationToken.None));
            var generic = reply.Status["Generic"].Field;
            Assert.Equal(peer.Network.Traffic.SentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), generic["RX_bytes"]);
            Assert.Equal("0", generic["TX_bytes"]);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
