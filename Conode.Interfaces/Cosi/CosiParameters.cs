using Conode.Crypto.Bls;
using Conode.Network;
using Conode.Numerics;

namespace Conode.Cosi;

/// <summary>
/// How a ByzCoinX/blscosi leader sizes a signing round over n nodes (cothority-services.md §7.2, §7.3; cothority
/// byzcoinx and blscosi/protocol).
/// </summary>
public static class CosiParameters
{
    /// <summary>Subleaders a round may replace before it gives up.</summary>
    public const int DefaultSubleaderFailures = 2;

    /// <summary>Signatures needed: n − ⌊(n − 1)/3⌋ (n = 1 … 10 → 1, 2, 3, 3, 4, 5, 5, 6, 7, 7).</summary>
    public static int Threshold(int n) => ThresholdPolicy.DefaultThreshold(n);

    /// <summary>Members that may fail: ⌊(n − 1)/3⌋ (also what propagation tolerates).</summary>
    public static int MaxFaulty(int n) => (n - 1) / 3;

    /// <summary>
    /// Go's <c>int(math.Pow(n, 1.0/3))</c>: 1 for n ≤ 8, 2 for 9–27, 3 for 28–64, 4 for 65–124, 5 for 125–215, …
    /// Perfect cubes such as 8, 27, 64 fall one short because the double cube root is just below the integer.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> &lt; 1.</exception>
    public static int SubtreeCount(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return (int)GoMath.Pow(n, 1.0 / 3);
    }

    /// <summary>Timeout of each round's main instance: half the ByzCoinX timeout (7.5 s of 15 s).</summary>
    public static TimeSpan RoundTimeout(TimeSpan byzCoinXTimeout) => byzCoinXTimeout / 2;

    /// <summary>Timeout of a sub-instance: the round's timeout shared by the subleader and its possible replacements (2.5 s of 7.5 s).</summary>
    public static TimeSpan SubtreeTimeout(TimeSpan roundTimeout, int subleaderFailures = DefaultSubleaderFailures) =>
        roundTimeout / (subleaderFailures + 1);

    /// <summary>
    /// Go's genTrees: the members other than the leader, taken cyclically from the one after it, cut into
    /// <paramref name="subtreeCount"/> groups (at most n − 1), the first (n − 1) mod k groups one member longer. Each
    /// group becomes a tree over the whole roster: leader → subleader (the group's first member) → the rest as
    /// leaves; node and tree IDs are the ones Go computes. A roster of one gives a single tree holding only the
    /// leader (Go's blscosi skips subtrees altogether when the threshold is 1).
    /// </summary>
    /// <exception cref="ArgumentException">The roster is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The leader index is outside the roster, or <paramref name="subtreeCount"/> &lt; 1.</exception>
    public static IReadOnlyList<Tree> GenerateSubtrees(Roster roster, int leaderIndex, int subtreeCount)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var n = roster.List.Count;
        if (n == 0)
        {
            throw new ArgumentException("the roster is empty", nameof(roster));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(leaderIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leaderIndex, n);
        ArgumentOutOfRangeException.ThrowIfLessThan(subtreeCount, 1);
        if (n == 1)
        {
            return [Tree.Create(roster, new TreeNode(leaderIndex, roster.List[leaderIndex]))];
        }
        var groups = Math.Min(subtreeCount, n - 1);
        var trees = new List<Tree>(groups);
        var next = (leaderIndex + 1) % n;
        for (var group = 0; group < groups; group++)
        {
            var size = (n - 1) / groups + (group < (n - 1) % groups ? 1 : 0);
            var nodes = new List<int>(size + 1) { leaderIndex };
            for (var member = 0; member < size; member++, next = (next + 1) % n)
            {
                nodes.Add(next);
            }
            trees.Add(Subtree(roster, nodes));
        }
        return trees;
    }

    /// <summary>
    /// Go's genSubtree: a tree over the whole roster from roster indices, the first the leader, the second its only
    /// child (the subleader), the rest the subleader's children (the leaves).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two nodes, an index outside the roster, or an index twice.</exception>
    public static Tree Subtree(Roster roster, IReadOnlyList<int> nodes)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count < 2)
        {
            throw new ArgumentException($"a subtree needs a leader and a subleader, got {nodes.Count} nodes", nameof(nodes));
        }
        if (nodes.Any(i => i < 0 || i >= roster.List.Count) || nodes.Distinct().Count() != nodes.Count)
        {
            throw new ArgumentException("subtree nodes must be distinct members of the roster", nameof(nodes));
        }
        var leader = new TreeNode(nodes[0], roster.List[nodes[0]]);
        var subleader = new TreeNode(nodes[1], roster.List[nodes[1]]);
        leader.AddChild(subleader);
        foreach (var leaf in nodes.Skip(2))
        {
            subleader.AddChild(new TreeNode(leaf, roster.List[leaf]));
        }
        return Tree.Create(roster, leader);
    }
}
