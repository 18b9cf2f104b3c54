using Conode.Cosi;
using Conode.Crypto.Bn256;
using Conode.Grains.Overlay;
using Conode.Network;

namespace Conode.Grains.Cosi;

/// <summary>A node's place in a blscosi subtree.</summary>
public enum SubCosiRole
{
    /// <summary>The root: announces to the subleader and hands its answer to the round.</summary>
    Leader,

    /// <summary>The root's only child: announces to the leaves and aggregates their signatures with its own.</summary>
    Subleader,

    /// <summary>Below the subleader: checks, then signs or refuses.</summary>
    Leaf,
}

/// <summary>What one sub-cosi instance works with: its tree and role, the family's phase and checks, the keys.</summary>
public sealed class SubCosiInstance(ProtocolInstance protocol, CosiPhase phase, ICosiChecks checks, CosiKeys keys, Bn256KeyPair key)
{
    public ProtocolInstance Protocol { get; } = protocol;

    public Tree Tree => Protocol.Tree;

    public TreeNode Node => Protocol.Node;

    public SubCosiRole Role { get; } = RoleOf(protocol.Tree, protocol.Node);

    /// <summary>The root's child (Go: <c>Root().Children[0]</c>).</summary>
    public TreeNode Subleader => Tree.Root.Children[0];

    public CosiPhase Phase { get; } = phase;

    public ICosiChecks Checks { get; } = checks;

    public CosiKeys Keys { get; } = keys;

    /// <summary>This node's key of the family's service.</summary>
    public Bn256KeyPair Key { get; } = key;

    /// <exception cref="InvalidDataException">The tree has no subleader or more than three levels (Go refuses those too).</exception>
    private static SubCosiRole RoleOf(Tree tree, TreeNode node)
    {
        if (tree.Root.IsLeaf || tree.Root.Children.Any(subleader => subleader.Children.Any(leaf => !leaf.IsLeaf)))
        {
            throw new InvalidDataException($"tree {tree.Id} is not a cosi subtree of leader, subleader and leaves");
        }
        return node.IsRoot ? SubCosiRole.Leader : node.Parent!.IsRoot ? SubCosiRole.Subleader : SubCosiRole.Leaf;
    }
}
