using System.Security.Cryptography;
using Conode.Cosi;
using Conode.Crypto.Bls;
using Conode.Network;
using Conode.Overlay;
using Conode.Protobuf;
using Conode.Silo.Hosting;
using Orleans.Core.Internal;

namespace Conode.Silo.Tests.Cosi;

/// <summary>ByzCoinX between real conodes over TLS on 127.0.0.1 (cothority-services.md §7).</summary>
public sealed class ByzCoinXNodeTests(CosiNodes nodes) : IClassFixture<CosiNodes>
{
    public static TheoryData<int, string> SizesAndSchemes => new()
    {
        { 1, "BDN" }, { 2, "BLS" }, { 3, "BDN" }, { 3, "BLS" }, { 7, "BDN" }, { 10, "BDN" }, { 10, "BLS" },
    };

    [Theory]
    [MemberData(nameof(SizesAndSchemes))]
    public async Task Every_member_signs_when_all_agree(int size, string scheme)
    {
        var members = Enumerable.Range(0, size).ToArray();
        var run = await RunAsync(scheme == "BDN" ? CosiNodes.Bdn : CosiNodes.Bls, members);

        run.AssertSignedBy(members);
        Assert.Equal(members, nodes.Checks.Checked(run.Message, CosiPhase.Prepare));
        Assert.Equal(members, nodes.Checks.Checked(run.Message, CosiPhase.Commit));
    }

    [Fact]
    public async Task A_leader_in_the_middle_of_the_roster_takes_the_others_cyclically()
    {
        var members = Enumerable.Range(0, 10).ToArray();
        (await RunAsync(CosiNodes.Bdn, members, leader: 6)).AssertSignedBy(members);
    }

    [Theory]
    [InlineData(1)] // the subleader: replaced at once, then a leaf that cannot be reached
    [InlineData(3)] // a leaf: the subleader cannot reach it
    public async Task A_stopped_member_is_missing_from_the_mask(int stoppedPosition)
    {
        var list = new List<NodeIdentity> { nodes.Identities[0], nodes.Identities[1], nodes.Identities[2] };
        list.Insert(stoppedPosition, await nodes.StoppedNodeAsync());
        var run = await RunAsync(CosiNodes.Bdn, CosiNodes.RosterOf(list), leader: 0);

        run.AssertSignedBy(Enumerable.Range(0, 4).Where(i => i != stoppedPosition));
    }

    [Fact]
    public async Task Refusals_and_failing_checks_leave_their_members_out()
    {
        // Node 1 is the subleader; 3 refuses, 5's check throws: T(7) = 5 of 7 still sign.
        var run = await RunAsync(CosiNodes.Bdn, [0, 1, 2, 3, 4, 5, 6], script: (node, _) =>
            node switch { 3 => CheckVerdict.Refuse, 5 => CheckVerdict.Throw, _ => CheckVerdict.Agree });

        run.AssertSignedBy([0, 1, 2, 4, 6]);
    }

    [Fact]
    public async Task A_round_fails_when_more_than_a_third_refuse()
    {
        var run = await RunAsync(CosiNodes.Bdn, [0, 1, 2, 3, 4, 5, 6], script: (node, _) =>
            node is 2 or 4 or 6 ? CheckVerdict.Refuse : CheckVerdict.Agree);

        run.AssertFailed("prepare round: too many refusals");
        Assert.Empty(nodes.Checks.Checked(run.Message, CosiPhase.Commit));
    }

    [Fact]
    public async Task Refusals_in_the_commit_round_fail_the_run()
    {
        var run = await RunAsync(CosiNodes.Bls, [0, 1, 2, 3], script: (node, phase) =>
            phase == CosiPhase.Commit && node is 2 or 3 ? CheckVerdict.Refuse : CheckVerdict.Agree);

        run.AssertFailed("commit round: too many refusals");
    }

    [Fact]
    public async Task The_leader_refusing_contacts_nobody()
    {
        var run = await RunAsync(CosiNodes.Bdn, [0, 1, 2], script: (node, _) => node == 0 ? CheckVerdict.Refuse : CheckVerdict.Agree);

        run.AssertFailed("verification failed on root node");
        Assert.Equal([0], nodes.Checks.Checked(run.Message, CosiPhase.Prepare));
    }

    [Fact]
    public async Task A_prepare_signature_that_does_not_verify_fails_the_run()
    {
        // The subleader is listed with a key it does not hold: it signs with its own, the leaves' signatures verify,
        // and the leader's check of the prepare aggregate refuses it; the commit round started beside that check is
        // abandoned or, if it was quicker, its result is dropped.
        var liar = DedisProtobuf.Decode<ServerIdentity>(DedisProtobuf.Encode(nodes.Identities[1].ServerIdentity));
        liar.ServiceIdentities.Single(s => s.Name == CosiProtocol.SkipchainService).Public =
            Conode.Crypto.Bn256.G2Point.Base.Mul(Conode.Crypto.Bn256.Scalar.Random());
        var roster = Roster.Create([nodes.Identities[0].ServerIdentity, liar, nodes.Identities[2].ServerIdentity]);

        var run = await RunAsync(CosiNodes.Bdn, roster, leader: 0);

        run.AssertFailed("prepare round: signature verification failed");
    }

    [Fact]
    public async Task A_silent_subleader_is_replaced_by_the_first_leaf()
    {
        var run = await RunAsync(CosiNodes.Bdn, [0, 1, 2, 3, 4, 5, 6], script: Silent(1));

        run.AssertSignedBy([0, 2, 3, 4, 5, 6]);
    }

    [Fact]
    public async Task A_silent_subleader_in_one_of_two_subtrees_is_replaced()
    {
        // Leader 0: subtrees [1 → 2 3 4 5] and [6 → 7 8 9]; 6 stays silent in both rounds.
        var members = Enumerable.Range(0, 10).ToArray();
        var run = await RunAsync(CosiNodes.Bls, members, script: Silent(6));

        run.AssertSignedBy(members.Where(i => i != 6));
    }

    [Fact]
    public async Task Go_gives_up_when_the_silent_subleader_comes_after_the_next_candidate()
    {
        // Leader 5 of 7: the one subtree is [6 → 0 1 2 3 4]; 6 > 0, so Go fails the round instead of trying 0.
        var run = await RunAsync(CosiNodes.Bdn, [0, 1, 2, 3, 4, 5, 6], leader: 5, script: Silent(6));

        run.AssertFailed("failed with every subleader");
    }

    [Fact]
    public async Task A_repeated_run_returns_the_recorded_outcome_without_signing_again()
    {
        var round = Guid.NewGuid().ToString();
        var first = await RunAsync(CosiNodes.Bdn, [0, 1, 2], round: round);
        var again = await nodes.RunAsync(CosiNodes.Bdn, first.Roster, 0, first.Message, round);
        var reused = await nodes.RunAsync(CosiNodes.Bdn, first.Roster, 0, NewMessage(), round);

        first.AssertSignedBy([0, 1, 2]);
        Assert.Equal(first.Outcome.Signature, again.Signature);
        Assert.Equal([0, 1, 2], nodes.Checks.Checked(first.Message, CosiPhase.Prepare));
        Assert.False(reused.Succeeded);
        Assert.Contains("already used for another request", reused.Error);
    }

    [Fact]
    public async Task Cosigners_whose_tree_grains_were_collected_still_sign()
    {
        // Orleans collects an idle tree grain while the overlay still knows the tree (e.g. after 15 min without
        // rounds); the next round on the same subtree must not depend on the grain. Leader 1 makes the subtree
        // [1 → 2 0], where Go's rule allows no replacement of the subleader, so it must answer.
        var first = await RunAsync(CosiNodes.Bdn, [0, 1, 2], leader: 1);
        var subtree = CosiParameters.GenerateSubtrees(first.Roster, 1, 1)[0];
        foreach (var member in new[] { first.Roster.List[0], first.Roster.List[2] })
        {
            await nodes.Grains(member).GetGrain<ITreeGrain>(subtree.Id.ToString()).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        }

        (await RunAsync(CosiNodes.Bdn, first.Roster, leader: 1)).AssertSignedBy([0, 1, 2]);
    }

    [Fact]
    public async Task A_leader_outside_the_roster_fails_cleanly()
    {
        var roster = CosiNodes.RosterOf([nodes.Identities[1], nodes.Identities[2]]);
        var outcome = await nodes.Grains(nodes.Identities[0].ServerIdentity).GetGrain<IByzCoinXGrain>(Guid.NewGuid().ToString())
            .Run(new ByzCoinXRequest(CosiNodes.Bdn.Name, DedisProtobuf.Encode(roster), NewMessage(), [1], TimeSpan.FromSeconds(15)));

        Assert.False(outcome.Succeeded);
        Assert.Contains("not in the roster", outcome.Error);
    }

    [Fact]
    public async Task Garbage_delivered_to_a_sub_instance_is_dropped_without_an_error()
    {
        var grain = nodes.Grains(nodes.Identities[0].ServerIdentity).GetGrain<ISubCosiGrain>(Guid.NewGuid().ToString());

        await grain.Deliver(new ProtocolEnvelope([1, 2, 3]));
        await grain.Deliver(new ProtocolEnvelope(DedisProtobuf.Encode(new ProtocolMsg
        {
            From = new Token(), To = new Token(), MsgSlice = [9, 9],
        })));
    }

    private static Func<int, CosiPhase, CheckVerdict> Silent(int node) =>
        (checking, _) => checking == node ? CheckVerdict.Hang : CheckVerdict.Agree;

    private static byte[] NewMessage() => RandomNumberGenerator.GetBytes(32);

    private Task<Run> RunAsync(CosiProtocol protocol, int[] members, int leader = 0,
        Func<int, CosiPhase, CheckVerdict>? script = null, string? round = null) =>
        RunAsync(protocol, CosiNodes.RosterOf(members.Select(i => nodes.Identities[i])), leader, script, round);

    /// <summary>Signs a fresh message over <paramref name="roster"/>, led by its member <paramref name="leader"/>.</summary>
    private async Task<Run> RunAsync(CosiProtocol protocol, Roster roster, int leader,
        Func<int, CosiPhase, CheckVerdict>? script = null, string? round = null)
    {
        var message = NewMessage();
        if (script is not null)
        {
            nodes.Checks.Script(message, script);
        }
        return new Run(protocol, roster, message, await nodes.RunAsync(protocol, roster, leader, message, round));
    }

    private sealed record Run(CosiProtocol Protocol, Roster Roster, byte[] Message, ByzCoinXOutcome Outcome)
    {
        /// <summary>The signature verifies with the roster's keys, as any verifier outside the round checks it, and names exactly <paramref name="signers"/>.</summary>
        public void AssertSignedBy(IEnumerable<int> signers)
        {
            Assert.True(Outcome.Succeeded, Outcome.Error);
            var publics = CosiNodes.Publics(Roster);
            Assert.True(CosiSignature.Verify(Protocol.Scheme, publics, Message, Outcome.Signature, out var error), error);
            Assert.Equal(signers.Order(), CosiSignature.GetMask(Outcome.Signature, publics.Count).Enabled);
        }

        public void AssertFailed(string reason)
        {
            Assert.False(Outcome.Succeeded);
            Assert.Contains(reason, Outcome.Error);
        }
    }
}
