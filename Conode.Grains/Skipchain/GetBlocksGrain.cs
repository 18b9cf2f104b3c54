using Conode.Grains.Overlay;
using Conode.Network;
using Conode.Overlay;
using Conode.Protobuf;
using Conode.Services.Skipchain;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Conode.Grains.Skipchain;

/// <summary>
/// One node's run of <c>scGetBlocks</c> (§6.8). Reentrant: the root waits in <see cref="RunAsRoot"/> while the answers
/// arrive as deliveries. A child answers from its store, or not at all when its chain is inconsistent (as Go).
/// </summary>
[GrainType("conode.protocol.sc-get-blocks")]
[Reentrant]
public sealed class GetBlocksGrain(IGrainFactory grains, IPeerMessenger peers, SkipBlockStore store, ILogger<GetBlocksGrain> logger)
    : ProtocolGrain(grains, peers), IGetBlocksGrain
{
    private readonly TaskCompletionSource<byte[][]> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _answers;

    public async Task<byte[][]?> RunAsRoot(TokenValue root, byte[] request, TimeSpan timeout)
    {
        await LoadAsRootAsync(root);
        var message = DedisProtobuf.Decode<ProtoGetBlocks>(request);
        var children = Instance.Node.Children;
        await Task.WhenAll(children.Select(async child =>
        {
            try
            {
                await Instance.SendAsync(child, message);
            }
            catch (IOException e)
            {
                logger.LogDebug("scGetBlocks {Round}: {Child} unreachable: {Error}", root.RoundId, child.ServerIdentity.Address, e.Message);
                Answered([]);
            }
        }));
        var finished = await Task.WhenAny(_answer.Task, Task.Delay(timeout));
        DeactivateOnIdle();
        return finished == _answer.Task ? _answer.Task.Result : null;
    }

    protected override async Task OnMessageAsync(TreeNode sender, object message)
    {
        switch (message)
        {
            case ProtoGetBlocks request when sender == Instance.Node.Parent:
                try
                {
                    var blocks = await SkipchainWalks.CollectAsync(store, request.SbId, request.Count, request.Skipping);
                    await Instance.SendAsync(sender, new ProtoGetBlocksReply { SkipBlocks = blocks });
                }
                catch (SkipchainException e)
                {
                    logger.LogWarning("scGetBlocks from {Peer}: {Error}", sender.ServerIdentity.Address, e.Message);
                }
                DeactivateOnIdle();
                break;
            case ProtoGetBlocksReply reply when Instance.Node.IsRoot && Instance.Node.Children.Contains(sender):
                Answered([.. reply.SkipBlocks.Select(DedisProtobuf.Encode)]);
                break;
            default:
                logger.LogDebug("scGetBlocks {Round}: unexpected {Type} from {Sender}", Instance.Self.RoundId,
                    message.GetType().Name, sender.ServerIdentity.Address);
                break;
        }
    }

    /// <summary>Go's rule: the first non-empty answer, or the last one when every child answered empty.</summary>
    private void Answered(byte[][] blocks)
    {
        if (++_answers == Instance.Node.Children.Count || blocks.Length > 0)
        {
            _answer.TrySetResult(blocks);
        }
    }
}
