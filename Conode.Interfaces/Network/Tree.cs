namespace Conode.Network;

/// <summary>A node of an onet tree: one roster member at one position (a member may appear more than once).</summary>
public sealed class TreeNode
{
    private readonly List<TreeNode> _children = [];

    /// <summary>A new node with the ID its creator computes from the member's key.</summary>
    public TreeNode(int rosterIndex, ServerIdentity serverIdentity)
        : this(OnetIds.TreeNodeId(serverIdentity.Public ?? throw new ArgumentException("server identity has no key")),
            rosterIndex, serverIdentity)
    {
    }

    private TreeNode(Uuid id, int rosterIndex, ServerIdentity serverIdentity)
    {
        Id = id;
        RosterIndex = rosterIndex;
        ServerIdentity = serverIdentity;
    }

    public Uuid Id { get; }

    public int RosterIndex { get; }

    public ServerIdentity ServerIdentity { get; }

    public TreeNode? Parent { get; private set; }

    public IReadOnlyList<TreeNode> Children => _children;

    public bool IsRoot => Parent is null;

    public bool IsLeaf => _children.Count == 0;

    public void AddChild(TreeNode child)
    {
        if (child.Parent is not null)
        {
            throw new InvalidOperationException("the node already has a parent");
        }
        child.Parent = this;
        _children.Add(child);
    }

    /// <summary>This node and its descendants, depth first, parents before children, children in order.</summary>
    public IEnumerable<TreeNode> PreOrder()
    {
        var pending = new Stack<TreeNode>();
        pending.Push(this);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            yield return node;
            for (var i = node._children.Count - 1; i >= 0; i--)
            {
                pending.Push(node._children[i]);
            }
        }
    }

    /// <summary>A node received in a TreeMarshal: its ID is taken as sent.</summary>
    internal static TreeNode Received(Uuid id, int rosterIndex, ServerIdentity serverIdentity) =>
        new(id, rosterIndex, serverIdentity);
}

/// <summary>
/// An onet tree over a roster (onet-wire.md §4.3). Trees travel as <see cref="TreeMarshal"/> plus the
/// <see cref="Network.Roster"/>; nodes are resolved by the members' ServerIdentity ID field.
/// </summary>
public sealed class Tree
{
    private Tree(Uuid id, Roster roster, TreeNode root)
    {
        Id = id;
        Roster = roster;
        Root = root;
    }

    public Uuid Id { get; }

    public Roster Roster { get; }

    public TreeNode Root { get; }

    /// <summary>Go's NewTree: a tree whose ID the creator computes from the roster ID and the shape.</summary>
    public static Tree Create(Roster roster, TreeNode root) => new(OnetIds.TreeId(roster.Id, root), roster, root);

    /// <summary>
    /// Go's GenerateNaryTreeWithRoot: breadth first in roster order starting after the root (wrapping around), each
    /// node taking up to <paramref name="branching"/> children. The root defaults to the first member.
    /// </summary>
    public static Tree GenerateNary(Roster roster, int branching, ServerIdentity? root = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(branching, 1);
        if (roster.List.Count == 0)
        {
            throw new ArgumentException("empty roster", nameof(roster));
        }
        var rootIndex = root is null ? 0 : roster.IndexOf(root.Id);
        if (rootIndex < 0)
        {
            throw new ArgumentException("the root is not in the roster", nameof(root));
        }
        var rootNode = new TreeNode(rootIndex, roster.List[rootIndex]);
        var parents = new Queue<TreeNode>([rootNode]);
        var nextLevel = new List<TreeNode>();
        for (var i = 1; i < roster.List.Count; i++)
        {
            if (parents.Peek().Children.Count == branching)
            {
                parents.Dequeue();
            }
            if (parents.Count == 0)
            {
                parents = new Queue<TreeNode>(nextLevel);
                nextLevel.Clear();
            }
            var index = (i + rootIndex) % roster.List.Count;
            var child = new TreeNode(index, roster.List[index]);
            nextLevel.Add(child);
            parents.Peek().AddChild(child);
        }
        return Create(roster, rootNode);
    }

    /// <summary>Go's GenerateBinaryTree (used by Broadcast).</summary>
    public static Tree GenerateBinary(Roster roster) => GenerateNary(roster, 2);

    /// <summary>Nodes in pre-order.</summary>
    public IEnumerable<TreeNode> Nodes => Root.PreOrder();

    public TreeNode? Find(Uuid treeNodeId) => Nodes.FirstOrDefault(n => n.Id == treeNodeId);

    /// <summary>The wire form: a top-level value with TreeId and RosterId whose only child is the root.</summary>
    public TreeMarshal ToMarshal() => new() { TreeId = Id, RosterId = Roster.Id, Children = [Marshal(Root)] };

    private static TreeMarshal Marshal(TreeNode node) => new()
    {
        TreeNodeId = node.Id,
        ServerIdentityId = node.ServerIdentity.Id,
        Children = node.Children.Select(Marshal).ToList(),
    };

    /// <summary>
    /// Rebuilds a received tree: the roster must be the one the tree names, and every node's ServerIdentityId must
    /// match (the first) roster member with that ID. IDs are taken as sent.
    /// </summary>
    /// <exception cref="InvalidDataException">The TreeMarshal does not fit the roster.</exception>
    public static Tree FromMarshal(TreeMarshal marshal, Roster roster)
    {
        if (marshal.RosterId != roster.Id)
        {
            throw new InvalidDataException($"tree {marshal.TreeId} belongs to roster {marshal.RosterId}, not {roster.Id}");
        }
        if (marshal.Children.Count == 0)
        {
            throw new InvalidDataException($"tree {marshal.TreeId} has no root");
        }
        return new Tree(marshal.TreeId, roster, Unmarshal(marshal.Children[0], roster));
    }

    private static TreeNode Unmarshal(TreeMarshal marshal, Roster roster)
    {
        var index = roster.IndexOf(marshal.ServerIdentityId);
        if (index < 0)
        {
            throw new InvalidDataException($"tree node {marshal.TreeNodeId} names server {marshal.ServerIdentityId}, not in the roster");
        }
        var node = TreeNode.Received(marshal.TreeNodeId, index, roster.List[index]);
        foreach (var child in marshal.Children)
        {
            node.AddChild(Unmarshal(child, roster));
        }
        return node;
    }
}
