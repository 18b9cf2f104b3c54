using System.Diagnostics;
using Conode.Grains.Diagnostics;
using Conode.Grains.Overlay;
using Conode.Messaging;
using Conode.Network;
using Conode.Overlay;
using Conode.Protobuf;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Conode.Grains.Messaging;

/// <summary>
/// One node's run of the Broadcast protocol. Reentrant: the root's <see cref="RunAsRoot"/> waits while the
/// answers it waits for arrive as <see cref="Deliver"/> calls. Nothing is durable: a run lasts seconds and a
/// lost run is simply reported as a failed connectivity check.
/// </summary>
[GrainType("conode.protocol.broadcast")]
[Reentrant]
public sealed class BroadcastGrain(IGrainFactory grains, IPeerMessenger peers, ConodeMetrics metrics,
    ILogger<BroadcastGrain> logger)
    : Grain, IBroadcastGrain
{
    private ProtocolInstance? _instance;
    private BroadcastCounter? _counter;
    private Task? _loading;
    private readonly TaskCompletionSource<bool> _rootDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<bool> RunAsRoot(TokenValue root, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        var success = false;
        try
        {
            success = await RunRoundAsync(root, timeout);
            return success;
        }
        finally
        {
            metrics.RoundCompleted("Broadcast", Stopwatch.GetElapsedTime(started), success);
        }
    }

    private async Task<bool> RunRoundAsync(TokenValue root, TimeSpan timeout)
    {
        await EnsureLoadedAsync(root.ToToken());
        if (!_counter!.IsRoot)
        {
            throw new InvalidOperationException("RunAsRoot on a node that is not the tree's root");
        }
        // Go's root first sends ContactNodes to itself, which makes it contact everybody else; we go straight there.
        var list = _instance!.List;
        try
        {
            await Task.WhenAll(list.Skip(1).Select(node => _instance.SendAsync(node, new ContactNodes())));
        }
        catch (IOException e)
        {
            logger.LogDebug("Broadcast {Round}: a node is unreachable: {Error}", root.RoundId, e.Message);
            return false;
        }
        var finished = await Task.WhenAny(_rootDone.Task, Task.Delay(timeout));
        DeactivateOnIdle();
        return finished == _rootDone.Task && _rootDone.Task.Result;
    }

    public async Task Deliver(ProtocolEnvelope envelope)
    {
        var message = DedisProtobuf.Decode<ProtocolMsg>(envelope.ProtocolMsg);
        await EnsureLoadedAsync(message.To!, envelope.Tree);
        var sender = _instance!.Tree.Find(message.From!.TreeNodeId);
        if (sender is null)
        {
            return;
        }
        var (_, inner) = MessageRegistry.Default.Unmarshal(message.MsgSlice);
        switch (inner)
        {
            case ContactNodes when _counter!.ContactReceived():
                await _instance.SendAsync(sender, new Done());
                if (sender.IsRoot && !_counter.IsRoot)
                {
                    var list = _instance.List;
                    var index = IndexOf(list, _instance.Node);
                    await Task.WhenAll(list.Skip(index + 1).Select(node => _instance.SendAsync(node, new ContactNodes())));
                }
                break;
            case Done when _counter!.DoneReceived():
                break;
            default:
                logger.LogDebug("Broadcast {Round}: unexpected {Type} from {Sender}", _instance.Self.RoundId,
                    inner.GetType().Name, sender.ServerIdentity.Address);
                return;
        }
        if (_counter.IsComplete)
        {
            if (_counter.IsRoot)
            {
                _rootDone.TrySetResult(true);
            }
            else
            {
                await _instance.SendAsync(_instance.Tree.Root, new Done());
                DeactivateOnIdle();
            }
        }
    }

    private Task EnsureLoadedAsync(Token self, byte[]? tree = null) => _loading ??= LoadAsync(self, tree);

    private async Task LoadAsync(Token self, byte[]? tree)
    {
        _instance = await ProtocolInstance.LoadAsync(self, grains, peers, tree);
        _counter = new BroadcastCounter(IndexOf(_instance.List, _instance.Node), _instance.List.Count);
    }

    private static int IndexOf(IReadOnlyList<TreeNode> list, TreeNode node)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (ReferenceEquals(list[i], node))
            {
                return i;
            }
        }
        throw new InvalidOperationException("node not in its own tree");
    }
}
