using System.Diagnostics;
using System.Security.Cryptography;
using Conode.Cosi;
using Conode.Grains.Diagnostics;
using Conode.Network;
using Conode.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Conode.Grains.Cosi;

/// <summary>Durable record of one ByzCoinX run; its JSON form is an on-disk format.</summary>
public sealed class ByzCoinXRunState
{
    public string ProtocolName { get; set; } = "";

    /// <summary>SHA-256 over the whole request, to tell a repeated call from a reused round ID.</summary>
    public byte[] RequestDigest { get; set; } = [];

    /// <summary>What is signed (the request's Message).</summary>
    public byte[] Message { get; set; } = [];

    /// <summary>The round the run was in when last recorded: Prepare at the start, the last one run at the end.</summary>
    public CosiPhase Phase { get; set; }

    /// <summary>After this the run is over whether or not an outcome was recorded.</summary>
    public DateTimeOffset Deadline { get; set; }

    public bool Finished { get; set; }

    public byte[]? Signature { get; set; }

    public string? Error { get; set; }

    /// <summary>SHA-256 over every field of <paramref name="request"/>, each preceded by its length.</summary>
    public static byte[] Digest(ByzCoinXRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in new[]
                 {
                     System.Text.Encoding.UTF8.GetBytes(request.ProtocolName), request.Roster, request.Message, request.Data,
                     BitConverter.GetBytes(request.Timeout.Ticks),
                 })
        {
            hash.AppendData(BitConverter.GetBytes(part.Length));
            hash.AppendData(part);
        }
        return hash.GetHashAndReset();
    }
}

/// <summary>
/// The leader of one ByzCoinX run (Go's <c>ByzCoinX</c> with its two <c>BlsCosi</c> main instances,
/// cothority-services.md §7): a prepare round, its signature verified, then a commit round. Each round runs the
/// leader's check, starts one <see cref="ISubCosiGrain"/> per subtree and counts their answers
/// (<see cref="CosiRound"/>), replacing subleaders that do not answer. The run is recorded when it starts and
/// when it ends, nothing in between; called again after the silo that ran it stopped, the grain returns the
/// recorded outcome or, once the deadline passed, fails cleanly. The record is deleted
/// <see cref="ByzCoinXRecordOptions.Retention"/> past the deadline. Its writes do not wait for the disk
/// (<see cref="SyncedByNextWrite"/>): they survive the process at once and a power loss with the store's next synced
/// write; a record a power loss took only makes a repeated call run afresh.
/// </summary>
[GrainType("conode.cosi.byzcoinx")]
public sealed class ByzCoinXGrain(
    [PersistentState("run", StorageNames.Default)] IPersistentState<ByzCoinXRunState> state,
    IGrainFactory grains, ILocalNode self, CosiProtocolCatalog catalog, ConodeMetrics metrics, TimeProvider clock,
    IOptions<ByzCoinXRecordOptions> recordOptions, ILogger<ByzCoinXGrain> logger)
    : Grain, IByzCoinXGrain
{
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Whether this activation started the recorded run (else a stopped silo did).</summary>
    private bool _runsHere;

    /// <summary>The write of this activation's outcome, while it may still be under way.</summary>
    private Task? _recording;

    /// <summary>The timer that deletes the record once its retention is over.</summary>
    private IGrainTimer? _forgetting;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            ForgetAfterRetention();
        }
        return Task.CompletedTask;
    }

    public async Task<ByzCoinXOutcome> Run(ByzCoinXRequest request)
    {
        if (request.ProtocolName is null || request.Roster is null || request.Message is null || request.Data is null)
        {
            return ByzCoinXOutcome.Failed("no proposal msg specified");
        }
        if (request.Timeout < MinTimeout || request.Timeout > MaxTimeout)
        {
            return ByzCoinXOutcome.Failed($"unrealistic timeout {request.Timeout}");
        }
        var digest = ByzCoinXRunState.Digest(request);
        if (state.RecordExists)
        {
            return await RecordedOutcomeAsync(digest);
        }
        state.State = new ByzCoinXRunState
        {
            ProtocolName = request.ProtocolName,
            RequestDigest = digest,
            Message = request.Message,
            Phase = CosiPhase.Prepare,
            // Go's skipchain waits twice the ByzCoinX timeout for the result.
            Deadline = clock.GetUtcNow() + 2 * request.Timeout,
        };
        _runsHere = true;
        // The start record is written while the first round runs, off the append's critical path; no outcome is
        // returned before it is committed. A silo that dies before then leaves no record, and a repeated call runs
        // afresh: the cosigners' instances of this round are finished or gone, and what they sign they verify again.
        var started = SyncedByNextWrite.RunAsync(() => state.WriteStateAsync());
        var outcome = await RunRoundsAsync(request);
        try
        {
            await started;
        }
        catch (Exception e)
        {
            logger.LogWarning("ByzCoinX {Round}: the start could not be recorded: {Error}", this.GetPrimaryKeyString(), e.Message);
        }
        // The caller does not wait for the outcome's record: only a repeated call after a restart reads it, and a
        // stopping silo finishes it first (OnDeactivateAsync).
        _recording = RecordAsync(outcome);
        ForgetAfterRetention();
        return outcome;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_recording is not null)
        {
            await _recording;
        }
    }

    private async Task<ByzCoinXOutcome> RecordedOutcomeAsync(byte[] digest)
    {
        if (!state.State.RequestDigest.AsSpan().SequenceEqual(digest))
        {
            return ByzCoinXOutcome.Failed($"round {this.GetPrimaryKeyString()} was already used for another request");
        }
        if (!state.State.Finished && !_runsHere)
        {
            // Recorded as started by an activation that is gone: it may still finish elsewhere until its deadline.
            var left = state.State.Deadline - clock.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, clock);
                await state.ReadStateAsync();
            }
            if (!state.State.Finished)
            {
                await RecordAsync(ByzCoinXOutcome.Failed("the signing round was interrupted (its conode restarted) and timed out"));
            }
        }
        return state.State.Signature is { } signature ? ByzCoinXOutcome.Signed(signature) : ByzCoinXOutcome.Failed(state.State.Error ?? "");
    }

    private async Task RecordAsync(ByzCoinXOutcome outcome)
    {
        state.State.Finished = true;
        state.State.Signature = outcome.Signature;
        state.State.Error = outcome.Error;
        try
        {
            await SyncedByNextWrite.RunAsync(() => state.WriteStateAsync());
        }
        catch (Exception e)
        {
            // The caller still gets the outcome; only a repeated call after a restart would miss it.
            logger.LogWarning("ByzCoinX {Round}: the outcome could not be recorded: {Error}", this.GetPrimaryKeyString(), e.Message);
        }
    }

    /// <summary>
    /// Deletes the record <see cref="ByzCoinXRecordOptions.Retention"/> past its deadline, then lets the activation go:
    /// the timer keeps the activation alive until then, so that no record outlives it unless its silo stops.
    /// </summary>
    private void ForgetAfterRetention()
    {
        if (_forgetting is not null)
        {
            return;
        }
        var due = state.State.Deadline + recordOptions.Value.Retention - clock.GetUtcNow();
        _forgetting = this.RegisterGrainTimer(ForgetAsync,
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task ForgetAsync(CancellationToken cancellationToken)
    {
        if (_recording is not null)
        {
            await _recording;
        }
        try
        {
            await SyncedByNextWrite.RunAsync(() => state.ClearStateAsync(cancellationToken));
        }
        catch (Exception e)
        {
            logger.LogWarning("ByzCoinX {Round}: the record could not be deleted: {Error}", this.GetPrimaryKeyString(), e.Message);
        }
        this.DeactivateOnIdle();
    }

    private async Task<ByzCoinXOutcome> RunRoundsAsync(ByzCoinXRequest request)
    {
        if (catalog.Find(request.ProtocolName) is not { } registered)
        {
            return ByzCoinXOutcome.Failed($"protocol {request.ProtocolName} is not registered");
        }
        var (protocol, checks) = registered;

        CosiRunSetup setup;
        try
        {
            setup = CosiRunSetup.Create(request.Roster, protocol, self);
        }
        catch (Exception e) when (e is ProtobufException or InvalidDataException or InvalidOperationException)
        {
            return ByzCoinXOutcome.Failed(e.Message);
        }
        var started = Stopwatch.GetTimestamp();
        var outcome = await SignAsync(new CosiMainInstance(setup, checks, request, grains, logger, this.GetPrimaryKeyString()),
            setup.Keys, request.Message);
        metrics.RoundCompleted(protocol.Name, Stopwatch.GetElapsedTime(started), outcome.Succeeded);
        return outcome;
    }

    /// <summary>
    /// The prepare round, then the commit round, each round's signature checked as Go's ByzCoinX does. The check of the
    /// prepare signature (a pairing) runs once the commit round has been announced, beside the subtrees' work, instead
    /// of before the round: started earlier, it took the CPU the announcement needed on a small host. The commit round
    /// is abandoned when that check fails, so no outcome rests on an unchecked prepare round.
    /// </summary>
    private async Task<ByzCoinXOutcome> SignAsync(CosiMainInstance main, CosiKeys keys, byte[] message)
    {
        try
        {
            state.State.Phase = CosiPhase.Prepare;
            var prepare = await main.RunAsync(CosiPhase.Prepare);
            if (prepare.Error is { } prepareFailed)
            {
                return ByzCoinXOutcome.Failed("prepare round: " + prepareFailed);
            }
            var prepareInvalid = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<string?> CheckPrepareAsync() => Task.Run(() =>
            {
                var error = SignatureError(keys, message, prepare.Signature);
                if (error is not null)
                {
                    prepareInvalid.SetResult();
                }
                return error;
            });
            Task<string?>? prepareChecked = null;
            state.State.Phase = CosiPhase.Commit;
            var commit = await main.RunAsync(CosiPhase.Commit, prepareInvalid.Task, announced: () => prepareChecked = CheckPrepareAsync());
            // A commit round that ended before its announcement still leaves the prepare round to be judged.
            if (await (prepareChecked ?? CheckPrepareAsync()) is { } invalidPrepare)
            {
                return ByzCoinXOutcome.Failed("prepare round: " + invalidPrepare);
            }
            return (commit.Error ?? SignatureError(keys, message, commit.Signature)) is { } commitFailed
                ? ByzCoinXOutcome.Failed("commit round: " + commitFailed)
                : ByzCoinXOutcome.Signed(commit.Signature);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "ByzCoinX {Round} failed", this.GetPrimaryKeyString());
            return ByzCoinXOutcome.Failed("signing round failed: " + e.Message);
        }
    }

    private static string? SignatureError(CosiKeys keys, byte[] message, byte[] signature) =>
        keys.Verify(message, signature, out var invalid) ? null : "signature verification failed: " + invalid;
}
