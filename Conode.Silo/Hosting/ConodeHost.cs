using Conode.Messaging;
using Conode.Network;
using Conode.Overlay;
using Conode.Services.Status;
using Conode.Silo.Gateway;
using Conode.Silo.Monitoring;
using Conode.Silo.Overlay;
using Conode.Silo.Peers;
using Conode.Silo.Services.Skipchain;
using Conode.Silo.Services.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Hosting;

/// <summary>
/// Builds and runs one conode process: an Orleans silo holding the node's grains, Kestrel serving the
/// client WebSocket port, and <see cref="PeerNetwork"/> on the conode port.
/// </summary>
public static class ConodeHost
{
    /// <summary>Builds the host without starting it (tests start and stop it themselves).</summary>
    public static WebApplication Build(NodeOptions options, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "conode",
        });
        ConodeLogging.Configure(builder.Logging, options.DebugLevel, options.LogFormat);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            var certificate = options.WebSocketTlsCertificate.Length > 0
                ? new WebSocketCertificate(options.WebSocketTlsCertificate, options.WebSocketTlsCertificateKey,
                    kestrel.ApplicationServices.GetRequiredService<ILogger<WebSocketCertificate>>())
                : null;
            kestrel.Listen(options.WebSocketBindAddress, options.WebSocketPort, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => certificate.Current);
                }
            });
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        });

        builder.AddConodeSilo(options);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Identity);
        builder.Services.AddSingleton<ILocalNode>(options.Identity);
        builder.Services.AddSingleton(new ClientPortOptions());
        builder.Services.AddSingleton<ClientPortMetrics>();
        builder.Services.AddSingleton<WebSocketGateway>();
        builder.Services.AddSingleton<IClientService, StatusService>();
        builder.Services.AddSingleton<ConnectivityCheck>();
        builder.Services.AddSkipchain();
        AddPeerNetwork(builder.Services, options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<NodeStartRecorder>();
        builder.Services.AddHostedService<RoundCountReporter>();
        if (options.CosiRecordRetention is { } retention)
        {
            builder.Services.Configure<Grains.Cosi.ByzCoinXRecordOptions>(record => record.Retention = retention);
        }
        builder.AddConodeMonitoring(options);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        var gateway = app.Services.GetRequiredService<WebSocketGateway>();
        app.Run(gateway.HandleAsync);
        return app;
    }

    /// <summary>The conode port: the peer network, the overlay it delivers to, and the messenger grains send with.</summary>
    private static void AddPeerNetwork(IServiceCollection services, NodeOptions options)
    {
        services.AddSingleton(new PeerNetworkOptions
        {
            ListenHost = options.PeerListenHost,
            ListenPort = options.PeerListenPort ?? options.PeerPort,
        });
        services.AddSingleton<PeerTraffic>();
        services.AddSingleton<OverlayRouter>();
        services.AddSingleton(new ProtocolRoute(Protocols.Broadcast, (factory, key) => factory.GetGrain<IBroadcastGrain>(key)));
        services.AddSingleton<IPeerMessageHandler>(sp => sp.GetRequiredService<OverlayRouter>());
        services.AddSingleton(sp => new PeerNetwork(sp.GetRequiredService<PeerNetworkOptions>(), options.Identity.Key,
            options.Identity.ServerIdentity, MessageRegistry.Default, sp.GetRequiredService<IPeerMessageHandler>(),
            sp.GetRequiredService<PeerTraffic>(), sp.GetRequiredService<ILogger<PeerNetwork>>()));
        // Registered after the silo, so it starts once grains can take the messages it receives, and stops before it.
        services.AddHostedService(sp => sp.GetRequiredService<PeerNetwork>());
        services.AddSingleton<IPeerMessenger, NodeMessenger>();
    }

    /// <summary>Runs the node until <paramref name="cancellationToken"/> fires or the process is asked to stop.</summary>
    public static async Task<int> RunAsync(NodeOptions options, CancellationToken cancellationToken)
    {
        await using var app = Build(options);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("conode");
        await app.StartAsync(cancellationToken);
        logger.LogInformation("Conode {Address} started; clients at {Scheme}://{Bind}:{Port}, data in {Database}",
            options.Address, options.WebSocketTlsCertificate.Length > 0 ? "wss" : "ws", options.WebSocketBindAddress,
            options.WebSocketPort, options.StoreDescription);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>Counts silo starts in the node's durable counters once the silo is up.</summary>
    private sealed class NodeStartRecorder(IGrainFactory grains, NodeOptions options, ILogger<NodeStartRecorder> logger)
        : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var counters = grains.GetGrain<INodeStatusGrain>(options.NodeKey);
            await counters.RecordSiloStart(DateTimeOffset.UtcNow);
            logger.LogDebug("Node store {Database} is writable", options.StoreDescription);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
