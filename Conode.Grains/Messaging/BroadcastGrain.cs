using System.Diagnostics;
using Conode.Grains.Diagnostics;
using Conode.Grains.Overlay;
using Conode.Messaging;
using Conode.Network;
using Conode.Overlay;
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
    : ProtocolGrain(grains, peers), IBroadcastGrain
{
    private BroadcastCounter? _counter;
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
        await LoadAsRootAsync(root);
        // Go's root first sends ContactNodes to itself, which makes it contact everybody else; we go straight there.
        var list = Instance.List;
        try
        {
            await Task.WhenAll(list.Skip(1).Select(node => Instance.SendAsync(node, new ContactNodes())));
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

    protected override async Task OnMessageAsync(TreeNode sender, object message)
    {
        _counter ??= new BroadcastCounter(IndexOf(Instance.List, Instance.Node), Instance.List.Count);
        switch (message)
        {
            case ContactNodes when _counter.ContactReceived():
                await Instance.SendAsync(sender, new Done());
                if (sender.IsRoot && !_counter.IsRoot)
                {
                    var list = Instance.List;
                    var index = IndexOf(list, Instance.Node);
                    await Task.WhenAll(list.Skip(index + 1).Select(node => Instance.SendAsync(node, new ContactNodes())));
                }
                break;
            case Done when _counter.DoneReceived():
                break;
            default:
                logger.LogDebug("Broadcast {Round}: unexpected {Type} from {Sender}", Instance.Self.RoundId,
                    message.GetType().Name, sender.ServerIdentity.Address);
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
                await Instance.SendAsync(Instance.Tree.Root, new Done());
                DeactivateOnIdle();
            }
        }
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
