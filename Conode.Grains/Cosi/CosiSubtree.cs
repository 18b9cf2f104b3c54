using Conode.Cosi;
using Conode.Network;

namespace Conode.Grains.Cosi;

/// <summary>
/// One subtree of a round as roster indices: the leader, the subleader, then the leaves (Go's <c>genSubtree</c>
/// node list, cothority-services.md §7.3).
/// </summary>
public sealed class CosiSubtree
{
    public CosiSubtree(IReadOnlyList<int> nodes)
    {
        if (nodes.Count < 2)
        {
            throw new ArgumentException($"a subtree needs a leader and a subleader, got {nodes.Count} nodes", nameof(nodes));
        }
        Nodes = nodes;
    }

    /// <summary>Roster indices: leader, subleader, leaves.</summary>
    public IReadOnlyList<int> Nodes { get; }

    public int Subleader => Nodes[1];

    /// <summary>Nodes besides the leader (Go: the subleader's SubtreeCount + 1).</summary>
    public int Size => Nodes.Count - 1;

    /// <summary>The node list of a three-level subtree (leader → subleader → leaves), as <see cref="ToTree"/> builds it.</summary>
    public static CosiSubtree FromTree(Tree tree)
    {
        if (tree.Root.Children.Count != 1)
        {
            throw new ArgumentException($"a subtree's leader has one child, this one has {tree.Root.Children.Count}", nameof(tree));
        }
        var subleader = tree.Root.Children[0];
        return new CosiSubtree([tree.Root.RosterIndex, subleader.RosterIndex, .. subleader.Children.Select(c => c.RosterIndex)]);
    }

    /// <summary>
    /// The subtree to try after the subleader did not answer (Go's <c>collectSignatures</c>): the first leaf
    /// becomes subleader and the old subleader the last leaf. Null when Go gives up, failing the round: no leaf
    /// is left, or the failed subleader's roster index is above the next candidate's.
    /// </summary>
    public CosiSubtree? WithNextSubleader()
    {
        if (Nodes.Count < 3 || Subleader > Nodes[2])
        {
            return null;
        }
        return new CosiSubtree([Nodes[0], .. Nodes.Skip(2), Subleader]);
    }

    /// <summary>The tree (Go's <c>genSubtree</c>): leader → subleader → every leaf, over the full roster.</summary>
    public Tree ToTree(Roster roster) => CosiParameters.Subtree(roster, Nodes);
}
