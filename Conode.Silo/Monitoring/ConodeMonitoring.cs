using Conode.Grains.Diagnostics;
using Conode.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Conode.Silo.Monitoring;

/// <summary>
/// Observability of a node: the metrics every part records into (always on, cheap), and — when private.toml has
/// <c>[Metrics] ListenAddress</c> — an HTTP listener of its own serving <c>GET /metrics</c> (Prometheus text format)
/// and <c>GET /health</c> (JSON, 200 or 503). Never on the client port: that one is public and Go-compatible.
/// </summary>
public static class ConodeMonitoring
{
    public const string MetricsPath = "/metrics";

    public const string HealthPath = "/health";

    /// <summary>Longest a single health check may take before it counts as failed.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static void AddConodeMonitoring(this WebApplicationBuilder builder, NodeOptions options)
    {
        var services = builder.Services;
        // One registry per host (not prometheus-net's static default), so that in-process hosts stay apart.
        services.AddSingleton(_ => Metrics.NewCustomRegistry());
        services.AddSingleton<ConodeMetrics>();
        services.AddSingleton<NodeMetricsExport>();
        // A singleton, so that it knows whether its last probe of the store is still running.
        services.AddSingleton<StoreHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", timeout: CheckTimeout)
            .AddCheck<SiloHealthCheck>("silo", timeout: CheckTimeout)
            .AddCheck<PeersHealthCheck>("peers", timeout: CheckTimeout)
            .AddCheck<RoundsHealthCheck>("rounds", timeout: CheckTimeout);

        if (options.MetricsEndpoint is { } endpoint)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint));
            services.AddSingleton<IStartupFilter>(new MonitoringEndpoints(endpoint.Port));
        }
    }

    /// <summary>Puts the monitoring port's routes in front of the client port's pipeline (WebSocket gateway), which
    /// never sees a request that arrived on the monitoring port.</summary>
    private sealed class MonitoringEndpoints(int port) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var export = app.ApplicationServices.GetRequiredService<NodeMetricsExport>();
            app.MapWhen(context => context.Connection.LocalPort == port, monitoring =>
            {
                monitoring.UseHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
                monitoring.UseMetricServer(settings => settings.Registry = export.Registry, MetricsPath);
                monitoring.Run(async context =>
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    await context.Response.WriteAsync(
                        $"This is a conode's monitoring port: GET {MetricsPath} or {HealthPath}.\n", context.RequestAborted);
                });
            });
            next(app);
        };
    }
}
