using Conode.Network;
using Conode.Overlay;

namespace Conode.Grains.Overlay;

/// <summary>
/// What a protocol-instance grain knows about its run: its own token, the tree and its own node in it;
/// and how it sends to another node of the tree (wrapped in a ProtocolMsg, onet-wire.md §5.3).
/// </summary>
public sealed class ProtocolInstance
{
    private readonly IPeerMessenger _peers;

    private ProtocolInstance(Token self, Tree tree, TreeNode node, IPeerMessenger peers)
    {
        Self = self;
        Tree = tree;
        Node = node;
        _peers = peers;
    }

    public Token Self { get; }

    public Tree Tree { get; }

    public TreeNode Node { get; }

    /// <summary>Go's <c>tree.List()</c>: the nodes in depth-first pre-order, which protocols index into.</summary>
    public IReadOnlyList<TreeNode> List => Tree.Nodes.ToList();

    /// <summary>
    /// The instance whose token is <paramref name="self"/>, on <paramref name="tree"/> (a <see cref="StoredTree"/>, as
    /// the overlay hands it with a message) or else on the tree in the node's <see cref="ITreeGrain"/>.
    /// </summary>
    public static async Task<ProtocolInstance> LoadAsync(Token self, IGrainFactory grains, IPeerMessenger peers, byte[]? tree = null)
    {
        var encoded = tree ?? await grains.GetGrain<ITreeGrain>(self.TreeId.ToString()).Get()
            ?? throw new InvalidOperationException($"tree {self.TreeId} is not known on this node");
        var decoded = StoredTree.Decode(encoded);
        if (decoded.Id != self.TreeId)
        {
            throw new InvalidOperationException($"tree {decoded.Id} is not the token's tree {self.TreeId}");
        }
        var node = decoded.Find(self.TreeNodeId)
            ?? throw new InvalidOperationException($"tree {self.TreeId} has no node {self.TreeNodeId}");
        return new ProtocolInstance(self, decoded, node, peers);
    }

    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="to"/> as Go's TreeNodeInstance.SendTo does; with a
    /// <paramref name="config"/> (due with the first message to each node), an <c>onet.ConfigMsg</c> goes first.
    /// </summary>
    public async Task SendAsync(TreeNode to, object message, byte[]? config = null, CancellationToken cancellationToken = default)
    {
        var destination = Self.WithTreeNode(to.Id);
        if (config is not null)
        {
            var announce = new ConfigMsg { Config = new GenericConfig { Data = config }, Dest = OnetIds.TokenId(destination) };
            await _peers.SendAsync(to.ServerIdentity, announce, cancellationToken);
        }
        var envelope = new ProtocolMsg
        {
            From = Self,
            To = destination,
            MsgType = MessageTypeId.Of(message.GetType()),
            MsgSlice = MessageRegistry.Default.Marshal(message),
            Size = 0,
        };
        await _peers.SendAsync(to.ServerIdentity, envelope, cancellationToken);
    }
}
