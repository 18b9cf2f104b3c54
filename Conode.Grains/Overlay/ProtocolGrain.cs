using Conode.Network;
using Conode.Overlay;
using Conode.Protobuf;

namespace Conode.Grains.Overlay;

/// <summary>
/// Base of the grains that run one node's part in one protocol instance: loads the tree once, and turns each delivered
/// ProtocolMsg into its sender's tree node and the decoded message.
/// </summary>
public abstract class ProtocolGrain(IGrainFactory grains, IPeerMessenger peers) : Grain, IProtocolInstanceGrain
{
    private Task? _loading;
    private ProtocolInstance? _instance;

    /// <summary>This run's token, tree and node; available once <see cref="EnsureLoadedAsync"/> completed.</summary>
    protected ProtocolInstance Instance => _instance ?? throw new InvalidOperationException("protocol instance not loaded");

    public async Task Deliver(ProtocolEnvelope envelope)
    {
        var message = DedisProtobuf.Decode<ProtocolMsg>(envelope.ProtocolMsg);
        await EnsureLoadedAsync(message.To!, envelope.Tree);
        // The overlay checked that the sender holds this tree node's key.
        if (Instance.Tree.Find(message.From!.TreeNodeId) is not { } sender)
        {
            return;
        }
        var (_, inner) = MessageRegistry.Default.Unmarshal(message.MsgSlice);
        await OnMessageAsync(sender, inner);
    }

    /// <summary>Handles one message of the run from <paramref name="sender"/>.</summary>
    protected abstract Task OnMessageAsync(TreeNode sender, object message);

    /// <summary>
    /// Loads this node's view of the run: from <paramref name="tree"/> (the encoded tree the overlay delivered with the
    /// message) or else from the tree grain.
    /// </summary>
    protected Task EnsureLoadedAsync(Token self, byte[]? tree = null) => _loading ??= LoadAsync(self, tree);

    /// <summary>Loads the run of a root and checks that this node is the tree's root.</summary>
    protected async Task LoadAsRootAsync(TokenValue root)
    {
        await EnsureLoadedAsync(root.ToToken());
        if (!Instance.Node.IsRoot)
        {
            throw new InvalidOperationException("RunAsRoot on a node that is not the tree's root");
        }
    }

    private async Task LoadAsync(Token self, byte[]? tree) => _instance = await ProtocolInstance.LoadAsync(self, grains, peers, tree);
}
