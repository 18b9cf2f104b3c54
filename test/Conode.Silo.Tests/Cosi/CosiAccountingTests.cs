using System.Text.Json;
using Conode.Cosi;
using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;
using Conode.Crypto.Ed25519;
using Conode.Grains.Cosi;
using Conode.Network;
using Conode.Tests;

namespace Conode.Silo.Tests.Cosi;

/// <summary>The leader's and subleader's bookkeeping, without nodes (cothority-services.md §7.3, §7.4).</summary>
public sealed class CosiAccountingTests
{
    private static readonly G1Point AnyPoint = G1Point.Base;

    [Fact]
    public void A_round_completes_once_the_others_gave_threshold_minus_one_signatures()
    {
        // n = 10, T = 7: two subtrees of 5 and 4 nodes.
        var round = new CosiRound(10, 7);
        Assert.True(round.Add(subleader: 1, subtreeSize: 5, AnyPoint, Mask(10, 1, 2, 3, 4)));
        Assert.False(round.IsComplete);
        Assert.Equal((4, 1), (round.Signatures, round.Failures));

        Assert.True(round.Add(subleader: 6, subtreeSize: 4, AnyPoint, Mask(10, 6, 7)));
        Assert.True(round.IsComplete);
        Assert.Equal((6, 3), (round.Signatures, round.Failures));
        Assert.False(round.CannotSucceed);
    }

    [Fact]
    public void A_round_cannot_succeed_once_more_than_n_minus_threshold_failed()
    {
        var round = new CosiRound(7, 5);
        round.Add(subleader: 1, subtreeSize: 6, AnyPoint, Mask(7, 1, 2, 3));
        Assert.Equal(3, round.Failures);
        Assert.True(round.CannotSucceed);
        Assert.False(round.IsComplete);
    }

    [Fact]
    public void A_second_answer_from_the_same_subleader_is_not_counted()
    {
        var round = new CosiRound(4, 3);
        Assert.True(round.Add(1, 3, AnyPoint, Mask(4, 1)));
        Assert.False(round.Add(1, 3, AnyPoint, Mask(4, 1, 2, 3)));
        Assert.Equal((1, 2), (round.Signatures, round.Failures));
    }

    [Fact]
    public void A_roster_of_one_is_complete_before_any_answer()
    {
        var round = new CosiRound(1, 1);
        Assert.True(round.IsComplete);
        Assert.False(round.CannotSucceed);
    }

    [Fact]
    public void A_mask_over_another_roster_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CosiRound(4, 3).Add(1, 3, AnyPoint, Mask(9, 1)));
    }

    /// <summary>bdn.json "n9-two-subtrees": each subtree aggregated as a subleader does, merged as the leader does.</summary>
    [Fact]
    public void Subtree_aggregates_and_the_leaders_merge_match_kyber()
    {
        var vectors = JsonDocument.Parse(File.ReadAllText(SharedFolder.Vector("bdn.json"))).RootElement;
        var keys = vectors.GetProperty("keys").EnumerateArray()
            .Select(k => Bn256KeyPair.FromPrivateHex(k.GetProperty("private_be_hex").GetString()!)).ToList();
        var tree = vectors.GetProperty("tree_aggregation")[0];
        var message = Convert.FromHexString(tree.GetProperty("message_hex").GetString()!);
        var cosi = new CosiKeys(SignatureScheme.Bdn, keys.Select(k => k.Public).ToList());
        Dictionary<int, byte[]> Signed(IEnumerable<int> members) => members.ToDictionary(i => i, i => Bls.Sign(keys[i].Private, message));
        int[] Participants(string subtree) => tree.GetProperty(subtree).GetProperty("participants").EnumerateArray().Select(p => p.GetInt32()).ToArray();

        foreach (var subtree in new[] { "subtree_a", "subtree_b" })
        {
            Assert.Equal(tree.GetProperty(subtree).GetProperty("partial_aggregate_hex").GetString(),
                cosi.Aggregate(Signed(Participants(subtree))).ToString());
        }
        // Member 0 leads; the rest of subtree a is its first subtree's answer.
        var round = new CosiRound(keys.Count, CosiParameters.Threshold(keys.Count));
        var first = Participants("subtree_a").Where(i => i != 0).ToArray();
        round.Add(first[0], 4, cosi.Aggregate(Signed(first)), ParticipationMask.FromIndices(keys.Count, first));
        var second = Participants("subtree_b");
        round.Add(second[0], 4, cosi.Aggregate(Signed(second)), ParticipationMask.FromIndices(keys.Count, second));
        var signature = round.Finish(cosi.Aggregate(Signed([0])), leaderIndex: 0);

        Assert.Equal(tree.GetProperty("final_signature_hex").GetString() + tree.GetProperty("merged_mask_hex").GetString(),
            Convert.ToHexStringLower(signature));
        Assert.True(cosi.Verify(message, signature, out var error), error);
    }

    [Fact]
    public void Bls_aggregation_is_a_plain_sum_and_verifies()
    {
        var keys = Enumerable.Range(0, 4).Select(_ => Bn256KeyPair.Generate()).ToList();
        var cosi = new CosiKeys(SignatureScheme.Bls, keys.Select(k => k.Public).ToList());
        var message = "forward link"u8.ToArray();
        var signatures = new Dictionary<int, byte[]> { [1] = Bls.Sign(keys[1].Private, message), [3] = Bls.Sign(keys[3].Private, message) };
        var round = new CosiRound(4, 3);
        round.Add(1, 3, cosi.Aggregate(signatures), ParticipationMask.FromIndices(4, signatures.Keys));

        var signature = round.Finish(cosi.Aggregate(new Dictionary<int, byte[]> { [0] = Bls.Sign(keys[0].Private, message) }), 0);

        Assert.Equal(0b1011, signature[^1]);
        Assert.True(cosi.Verify(message, signature, out var error), error);
        Assert.True(cosi.VerifyIndividual(1, message, signatures[1]));
        Assert.False(cosi.VerifyIndividual(2, message, signatures[1]));
        Assert.True(cosi.Aggregate(new Dictionary<int, byte[]>()).IsInfinity);
    }

    [Fact]
    public void A_member_without_the_service_key_is_named()
    {
        var member = ServerIdentity.Create(Ed25519KeyPair.Generate().Public, "tls://127.0.0.1:2000");
        var error = Assert.Throws<InvalidDataException>(() =>
            CosiKeys.FromRoster(Roster.Create([member]), new CosiProtocol("X", SignatureScheme.Bdn)));
        Assert.Contains("tls://127.0.0.1:2000", error.Message);
        Assert.Contains("Skipchain", error.Message);
    }

    [Fact]
    public void A_silent_subleader_is_replaced_by_the_first_leaf_and_moves_to_the_end()
    {
        var next = new CosiSubtree([0, 1, 2, 3]).WithNextSubleader();
        Assert.Equal([0, 2, 3, 1], next!.Nodes);
        Assert.Equal([0, 3, 1, 2], next.WithNextSubleader()!.Nodes);
    }

    [Fact]
    public void Go_gives_up_when_no_leaf_is_left_or_the_next_candidate_has_a_lower_index()
    {
        Assert.Null(new CosiSubtree([0, 1]).WithNextSubleader());
        Assert.Null(new CosiSubtree([5, 6, 0, 1, 2, 3, 4]).WithNextSubleader());
        // After two replacements the first candidate comes back around: [0, 3, 1, 2] gives up on 3 > 1.
        Assert.Null(new CosiSubtree([0, 3, 1, 2]).WithNextSubleader());
    }

    [Fact]
    public void Subtrees_rebuild_to_the_trees_go_generates()
    {
        var roster = Roster.Create(Enumerable.Range(0, 10)
            .Select(i => ServerIdentity.Create(Ed25519KeyPair.Generate().Public, $"tls://127.0.0.1:{2000 + i}")));
        var trees = CosiParameters.GenerateSubtrees(roster, leaderIndex: 6, subtreeCount: 2);

        var subtrees = trees.Select(CosiSubtree.FromTree).ToList();

        Assert.Equal([6, 7, 8, 9, 0, 1], subtrees[0].Nodes);
        Assert.Equal([6, 2, 3, 4, 5], subtrees[1].Nodes);
        Assert.Equal(trees.Select(t => t.Id), subtrees.Select(s => s.ToTree(roster).Id));
    }

    [Fact]
    public void A_subleader_counts_each_awaited_leaf_once()
    {
        var leaves = new SubleaderCollector([2, 3, 4]);
        leaves.AddOwn(1, [1]);
        Assert.False(leaves.IsAwaited(1));
        Assert.False(leaves.IsAwaited(7));

        leaves.Signed(2, [2]);
        leaves.Refused(3);
        Assert.False(leaves.IsAwaited(2));
        Assert.Throws<InvalidOperationException>(() => leaves.Signed(2, [2]));
        Assert.False(leaves.IsDone);

        leaves.Unreachable(4);
        Assert.True(leaves.IsDone);
        Assert.Equal([1, 2], leaves.Signatures.Keys.Order());
    }

    private static ParticipationMask Mask(int count, params int[] enabled) => ParticipationMask.FromIndices(count, enabled);
}
