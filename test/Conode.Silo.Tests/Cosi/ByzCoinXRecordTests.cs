using System.Security.Cryptography;
using Conode.Cosi;
using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;
using Conode.Grains.Cosi;
using Conode.Protobuf;
using Conode.Silo.Hosting;
using Conode.Silo.Storage;
using Microsoft.AspNetCore.Builder;
using Conode.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Conode.Silo.Tests.Cosi;

/// <summary>A ByzCoinX run's record in the node's store: what a call under the same round ID finds after a restart.</summary>
public sealed class ByzCoinXRecordTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("conode-cosi-record-").FullName;
    private readonly CheckScript _checks = new();
    private readonly NodeOptions _options;

    public ByzCoinXRecordTests()
    {
        _options = LoopbackNode.Options(_folder, "record test", [new(CosiProtocol.SkipchainService, Bn256KeyPair.Generate())]);
    }

    [Fact]
    public async Task A_finished_run_returns_its_recorded_signature_after_a_restart()
    {
        var round = Guid.NewGuid().ToString();
        var request = Request(TimeSpan.FromSeconds(15));
        var first = await RunOnFreshHostAsync(round, request);

        var afterRestart = await RunOnFreshHostAsync(round, request);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(first.Signature, afterRestart.Signature);
        // The leader's check ran in both rounds of the first run only.
        Assert.Equal([0], _checks.Checked(request.Message, CosiPhase.Prepare));
        Assert.Equal([0], _checks.Checked(request.Message, CosiPhase.Commit));
    }

    [Fact]
    public async Task A_run_interrupted_by_a_restart_fails_cleanly_once_its_deadline_passed()
    {
        var round = Guid.NewGuid().ToString();
        var request = Request(TimeSpan.FromSeconds(1));
        // What a silo that died mid-run leaves: the start record, no outcome.
        var record = new GrainState<ByzCoinXRunState>(new ByzCoinXRunState
        {
            ProtocolName = request.ProtocolName,
            RequestDigest = ByzCoinXRunState.Digest(request),
            Message = request.Message,
            Phase = CosiPhase.Prepare,
            Deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2),
        });
        await using var app = await StartAsync();
        await app.Services.GetRequiredService<SqliteGrainStorage>().WriteStateAsync("run", GrainId(round), record);

        var outcome = await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IByzCoinXGrain>(round).Run(request);

        Assert.False(outcome.Succeeded);
        Assert.Contains("interrupted", outcome.Error);
        Assert.Empty(_checks.Checked(request.Message, CosiPhase.Prepare));
        await app.StopAsync();
    }

    [Fact]
    public async Task A_record_is_deleted_once_its_retention_past_the_deadline_is_over()
    {
        var round = Guid.NewGuid().ToString();
        // Deadline 2 s after the start (twice the timeout), then 1 s of retention.
        var request = Request(TimeSpan.FromSeconds(1));
        await using var app = await StartAsync(retention: TimeSpan.FromSeconds(1));

        var outcome = await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IByzCoinXGrain>(round).Run(request);
        var recorded = await Eventually.AskAsync(() => ReadRecordAsync(app, round), record => record.State?.Finished == true);
        var afterRetention = await Eventually.AskAsync(() => ReadRecordAsync(app, round), record => !record.RecordExists);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.True(recorded.State!.Finished);
        Assert.Equal(outcome.Signature, recorded.State.Signature);
        Assert.False(afterRetention.RecordExists, "the record outlived its retention");
        await app.StopAsync();
    }

    public void Dispose()
    {
        _checks.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private ByzCoinXRequest Request(TimeSpan timeout) => new(CosiNodes.Bdn.Name,
        DedisProtobuf.Encode(CosiNodes.RosterOf([_options.Identity])), RandomNumberGenerator.GetBytes(32), [1], timeout);

    private async Task<ByzCoinXOutcome> RunOnFreshHostAsync(string round, ByzCoinXRequest request)
    {
        await using var app = await StartAsync();
        var outcome = await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IByzCoinXGrain>(round).Run(request);
        await app.StopAsync();
        return outcome;
    }

    private async Task<WebApplication> StartAsync(TimeSpan? retention = null)
    {
        var app = ConodeHost.Build(_options with { CosiRecordRetention = retention },
            services => services.AddCosiProtocol(CosiNodes.Bdn, _ => _checks.For(0)));
        await app.StartAsync();
        return app;
    }

    private static async Task<GrainState<ByzCoinXRunState>> ReadRecordAsync(WebApplication app, string round)
    {
        var record = new GrainState<ByzCoinXRunState>();
        await app.Services.GetRequiredService<SqliteGrainStorage>().ReadStateAsync("run", GrainId(round), record);
        return record;
    }

    private static GrainId GrainId(string round) => Orleans.Runtime.GrainId.Create("conode.cosi.byzcoinx", round);
}
