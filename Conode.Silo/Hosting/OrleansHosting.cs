using System.Net;
using System.Net.Sockets;
using Conode.Grains;
using Conode.Silo.Storage;
using Conode.Silo.Storage.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Conode.Silo.Hosting;

/// <summary>
/// The Orleans side of a conode process: cluster identity, clustering, the grain store named
/// <see cref="StorageNames.Default"/> and what the Status service reports about it. Two modes:
/// <list type="bullet">
/// <item>embedded (default): localhost clustering, a node of one silo, grain state in the SQLite file;</item>
/// <item>PostgreSQL: ADO.NET clustering and grain persistence in one database, so every silo started with the
/// node's identity and that database joins the node's cluster.</item>
/// </list>
/// </summary>
internal static class OrleansHosting
{
    /// <summary>Orleans' ADO.NET provider name for Npgsql.</summary>
    private const string NpgsqlInvariant = "Npgsql";

    /// <summary>The ADO.NET store itself; grains use it through <see cref="GrainTypeScopedStorage"/> under the default name.</summary>
    private const string AdoNetStorageName = StorageNames.Default + "-adonet";

    public static void AddConodeSilo(this WebApplicationBuilder builder, NodeOptions options)
    {
        var siloPort = options.OrleansSiloPort != 0 ? options.OrleansSiloPort : FreePort(options.SiloAddress);
        if (options.PostgreSql is null)
        {
            CreateDataDirectory(options.DataDirectory);
        }
        builder.UseOrleans(silo =>
        {
            silo.UseSystemTextJsonGrainStorageSerializer();
            if (options.PostgreSql is { } database)
            {
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = options.ClusterId;
                    cluster.ServiceId = options.ClusterId;
                });
                silo.UseAdoNetClustering(ado =>
                {
                    ado.Invariant = NpgsqlInvariant;
                    ado.ConnectionString = database.Value;
                });
                silo.ConfigureEndpoints(options.SiloAddress, siloPort, options.OrleansGatewayPort);
                silo.AddAdoNetGrainStorage(AdoNetStorageName, ado =>
                {
                    ado.Invariant = NpgsqlInvariant;
                    ado.ConnectionString = database.Value;
                    // A cleared state (e.g. a signing round's record past its retention) leaves no row, as in SQLite.
                    ado.DeleteStateOnClear = true;
                });
                silo.Services.AddGrainStorage(StorageNames.Default,
                    (sp, _) => new GrainTypeScopedStorage(sp.GetRequiredKeyedService<IGrainStorage>(AdoNetStorageName)));
                var store = new PostgresStoreStatistics(database, options.ClusterId);
                silo.Services.AddSingleton<IStoreStatistics>(store);
                silo.Services.AddSingleton<IStoreHealth>(store);
            }
            else
            {
                silo.UseLocalhostClustering(siloPort, options.OrleansGatewayPort, primarySiloEndpoint: null,
                    serviceId: options.ClusterId, clusterId: options.ClusterId);
                silo.Services.AddSingleton(sp => new SqliteGrainStorage(options.DatabasePath,
                    sp.GetRequiredService<IGrainStorageSerializer>(), options.Identity.Key.Public.ToHex()));
                silo.Services.AddGrainStorage(StorageNames.Default,
                    (sp, _) => sp.GetRequiredService<SqliteGrainStorage>());
                silo.Services.AddSingleton<IStoreStatistics>(sp => sp.GetRequiredService<SqliteGrainStorage>());
                silo.Services.AddSingleton<IStoreHealth>(sp => sp.GetRequiredService<SqliteGrainStorage>());
            }
        });
    }

    private static void CreateDataDirectory(string directory)
    {
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }
    }

    private static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
