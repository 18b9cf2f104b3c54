using Conode.Cosi;
using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;
using Conode.Network;
using Conode.Overlay;
using Conode.Protobuf;
using Microsoft.Extensions.Logging;

namespace Conode.Grains.Cosi;

/// <summary>What both rounds of a run share: the roster, the leader's place and keys, the threshold and subtrees.</summary>
public sealed class CosiRunSetup(CosiProtocol protocol, Roster roster, int leaderIndex, CosiKeys keys, Bn256KeyPair key)
{
    public CosiProtocol Protocol { get; } = protocol;

    public Roster Roster { get; } = roster;

    public int LeaderIndex { get; } = leaderIndex;

    public CosiKeys Keys { get; } = keys;

    /// <summary>The leader's key of the family's service.</summary>
    public Bn256KeyPair Key { get; } = key;

    /// <summary>T(n) = n − ⌊(n − 1)/3⌋.</summary>
    public int Threshold { get; } = CosiParameters.Threshold(roster.List.Count);

    /// <summary>The subtrees of Go's genTrees; none for a threshold of one (Go's SetNbrSubTree: the leader signs alone).</summary>
    public IReadOnlyList<CosiSubtree> Subtrees { get; } = roster.List.Count == 1
        ? []
        : CosiParameters.GenerateSubtrees(roster, leaderIndex, CosiParameters.SubtreeCount(roster.List.Count))
            .Select(CosiSubtree.FromTree).ToList();

    /// <exception cref="ProtobufException">The roster does not decode.</exception>
    /// <exception cref="InvalidDataException">The roster is empty or a member lacks its service key.</exception>
    /// <exception cref="InvalidOperationException">This node is not in the roster or has no key for the service.</exception>
    public static CosiRunSetup Create(byte[] encodedRoster, CosiProtocol protocol, ILocalNode self)
    {
        var roster = DedisProtobuf.Decode<Roster>(encodedRoster);
        if (roster.List.Count == 0)
        {
            throw new InvalidDataException("found empty Roster");
        }
        var leaderIndex = roster.IndexOf(self.ServerIdentity.Id);
        if (leaderIndex < 0)
        {
            throw new InvalidOperationException("this conode is not in the roster it is asked to lead");
        }
        var key = self.ServiceKeys.GetValueOrDefault(protocol.Service)
            ?? throw new InvalidOperationException($"this conode has no {protocol.Service} key to sign with");
        return new CosiRunSetup(protocol, roster, leaderIndex, CosiKeys.FromRoster(roster, protocol), key);
    }
}

/// <summary>A round's result: signature ‖ mask, or why there is none.</summary>
public readonly record struct CosiRoundResult(byte[] Signature, string? Error)
{
    public static CosiRoundResult Failed(string error) => new([], error);
}

/// <summary>
/// The leader's main instance of one round (Go's <c>BlsCosi</c>, cothority-services.md §7.4): the leader's own
/// check, one sub-instance per subtree, the count of their answers within the round's timeout, a new subleader
/// for a subtree whose subleader did not answer, and the final aggregate with the leader's own signature.
/// </summary>
public sealed class CosiMainInstance(CosiRunSetup setup, ICosiChecks checks, ByzCoinXRequest request, IGrainFactory grains,
    ILogger logger, string run)
{
    /// <summary>
    /// One round: the leader's own check, as in Go before anyone is contacted, then the sub-instances. When
    /// <paramref name="abandon"/> completes first, the round stops waiting and fails. <paramref name="announced"/> is
    /// called once every subtree has been sent the announcement, while the round waits for their answers.
    /// </summary>
    public async Task<CosiRoundResult> RunAsync(CosiPhase phase, Task? abandon = null, Action? announced = null)
    {
        if (!await checks.AgreesAsync(phase, request.Message, request.Data, logger, "ByzCoinX " + run))
        {
            return CosiRoundResult.Failed("verification failed on root node");
        }
        var timeout = CosiParameters.RoundTimeout(request.Timeout);
        var subprotocol = phase == CosiPhase.Prepare ? setup.Protocol.SubPrepareName : setup.Protocol.SubCommitName;
        var pending = new Dictionary<Task<SubCosiResponse?>, (CosiSubtree Subtree, ISubCosiGrain Grain)>();
        // The round's time runs from here: an announcement can wait for a dial to a subleader that is down.
        var deadline = Task.Delay(timeout);
        await Task.WhenAll(setup.Subtrees.Select(subtree => StartAsync(subtree, subprotocol, timeout, pending)));
        announced?.Invoke();
        var round = new CosiRound(setup.Roster.List.Count, setup.Threshold);
        // The leader's share is computed while the subtrees work.
        var own = setup.Keys.Aggregate(new Dictionary<int, byte[]>
        {
            [setup.LeaderIndex] = Bls.Sign(setup.Key.Private, request.Message),
        });
        var error = await CollectAsync(round, pending, subprotocol, timeout, deadline, abandon ?? Task.Delay(Timeout.Infinite));
        StopAll(pending);
        if (round.CannotSucceed)
        {
            return CosiRoundResult.Failed(
                $"too many refusals (got {round.Failures}), the threshold of {round.Threshold} cannot be achieved");
        }
        return error is null ? new CosiRoundResult(round.Finish(own, setup.LeaderIndex), null) : CosiRoundResult.Failed(error);
    }

    private async Task<string?> CollectAsync(CosiRound round,
        Dictionary<Task<SubCosiResponse?>, (CosiSubtree Subtree, ISubCosiGrain Grain)> pending, string subprotocol, TimeSpan timeout,
        Task deadline, Task abandon)
    {
        while (!round.IsComplete && !round.CannotSucceed)
        {
            if (pending.Count == 0)
            {
                return $"every subtree answered with only {round.Signatures} signatures for threshold {round.Threshold}";
            }
            var done = await Task.WhenAny(new List<Task>(pending.Keys) { deadline, abandon });
            if (done == abandon)
            {
                return "round abandoned";
            }
            if (done == deadline)
            {
                return $"not enough replies from nodes at timeout {timeout.TotalSeconds} s for threshold {round.Threshold}, " +
                    $"got {round.Signatures} responses for {round.RosterSize - 1} requests";
            }
            var answered = (Task<SubCosiResponse?>)done;
            var (subtree, _) = pending[answered];
            pending.Remove(answered);
            var response = await AnswerOfAsync(answered, subtree);
            if (response is null)
            {
                var next = subtree.WithNextSubleader();
                if (next is null)
                {
                    return $"the subtree of subleader {subtree.Subleader} failed with every subleader";
                }
                logger.LogDebug("ByzCoinX {Run}: subleader {Subleader} did not answer; trying {Next}", run, subtree.Subleader, next.Subleader);
                await StartAsync(next, subprotocol, timeout, pending);
                continue;
            }
            // The sub-instance accepted only a well-formed response.
            round.Add(subtree.Subleader, subtree.Size, G1Point.Unmarshal(response.Signature),
                ParticipationMask.FromBytes(response.Mask, round.RosterSize));
        }
        return null;
    }

    /// <summary>
    /// Registers the subtree's tree with the overlay, has a fresh sub-instance announce the round to the subleader
    /// and adds the wait for its answer to <paramref name="pending"/> (a failed announcement counts as no answer).
    /// </summary>
    private async Task StartAsync(CosiSubtree subtree, string subprotocol, TimeSpan timeout,
        Dictionary<Task<SubCosiResponse?>, (CosiSubtree Subtree, ISubCosiGrain Grain)> pending)
    {
        var tree = subtree.ToTree(setup.Roster);
        await grains.GetGrain<ITreeGrain>(tree.Id.ToString()).Store(StoredTree.Encode(tree));
        var root = new TokenValue(setup.Roster.Id, tree.Id, Protocols.Id(subprotocol), OnetIds.ServiceId(setup.Protocol.Service),
            Uuid.NewRandom(), tree.Root.Id);
        var grain = grains.GetGrain<ISubCosiGrain>(root.GrainKey);
        // Go: the round's time is shared by the subleaders tried; the subtree's threshold is all of its nodes.
        var lead = new SubCosiLead(root, request.Message, request.Data, CosiParameters.SubtreeTimeout(timeout), subtree.Size);
        Task<SubCosiResponse?> answer;
        try
        {
            await grain.Announce(lead);
            answer = grain.Answer();
        }
        catch (Exception e)
        {
            answer = Task.FromException<SubCosiResponse?>(e);
        }
        pending.Add(answer, (subtree, grain));
    }

    private async Task<SubCosiResponse?> AnswerOfAsync(Task<SubCosiResponse?> answer, CosiSubtree subtree)
    {
        try
        {
            return await answer;
        }
        catch (Exception e)
        {
            logger.LogWarning("ByzCoinX {Run}: the sub-instance of subleader {Subleader} failed: {Error}", run, subtree.Subleader, e.Message);
            return null;
        }
    }

    private void StopAll(Dictionary<Task<SubCosiResponse?>, (CosiSubtree Subtree, ISubCosiGrain Grain)> pending)
    {
        foreach (var (_, grain) in pending.Values)
        {
            _ = StopAsync(grain);
        }
    }

    private async Task StopAsync(ISubCosiGrain grain)
    {
        try
        {
            await grain.Stop();
        }
        catch (Exception e)
        {
            logger.LogDebug("ByzCoinX {Run}: a sub-instance did not take Stop: {Error}", run, e.Message);
        }
    }
}
