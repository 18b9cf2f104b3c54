using Conode.Crypto.Ed25519;
using Conode.Grains.Overlay;
using Conode.Network;
using Conode.Overlay;
using Conode.Protobuf;
using Conode.Services.Skipchain;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Conode.Grains.Skipchain;

/// <summary>
/// One node's run of <c>scExtendRoster</c> (§6.9.3). A child accepts or refuses to be in the block's roster and signs
/// the chain ID with its identity key; the root counts valid signatures. Reentrant like the other protocol roots.
/// </summary>
[GrainType("conode.protocol.sc-extend-roster")]
[Reentrant]
public sealed class ExtendRosterGrain(IGrainFactory grains, IPeerMessenger peers, ILocalNode node, FollowPolicy policy,
    ILogger<ExtendRosterGrain> logger) : ProtocolGrain(grains, peers), IExtendRosterGrain
{
    private readonly TaskCompletionSource<int> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<Uuid> _signers = [];
    private byte[] _chainId = [];
    private bool _windowStarted;

    public async Task<int> RunAsRoot(TokenValue root, byte[] block, TimeSpan timeout)
    {
        await LoadAsRootAsync(root);
        var request = new ProtoExtendRoster { Block = DedisProtobuf.Decode<SkipBlock>(block) };
        _chainId = SkipBlockHashing.SkipChainId(request.Block);
        var children = Instance.Node.Children;
        if (children.Count == 0)
        {
            return 0;
        }
        await Task.WhenAll(children.Select(async child =>
        {
            try
            {
                await Instance.SendAsync(child, request);
            }
            catch (IOException e)
            {
                logger.LogDebug("scExtendRoster {Round}: {Child} unreachable: {Error}", root.RoundId, child.ServerIdentity.Address, e.Message);
            }
        }));
        // Go waits for ever when nobody answers; we give up after the timeout with what came.
        var finished = await Task.WhenAny(_result.Task, Task.Delay(timeout));
        DeactivateOnIdle();
        return finished == _result.Task ? _result.Task.Result : Enough();
    }

    protected override async Task OnMessageAsync(TreeNode sender, object message)
    {
        switch (message)
        {
            case ProtoExtendRoster request when sender == Instance.Node.Parent:
                await Instance.SendAsync(sender, await AnswerAsync(request.Block));
                DeactivateOnIdle();
                break;
            case ProtoExtendRosterReply reply when Instance.Node.IsRoot && Instance.Node.Children.Contains(sender):
                Count(sender, reply);
                break;
            default:
                logger.LogDebug("scExtendRoster {Round}: unexpected {Type} from {Sender}", Instance.Self.RoundId,
                    message.GetType().Name, sender.ServerIdentity.Address);
                break;
        }
    }

    private async Task<ProtoExtendRosterReply> AnswerAsync(SkipBlock block)
    {
        if (!await policy.AcceptsRosterAsync(block))
        {
            logger.LogInformation("Refused to join the roster of chain {Chain}", SkipBlockStore.Key(SkipBlockHashing.SkipChainId(block)));
            return new ProtoExtendRosterReply();
        }
        return new ProtoExtendRosterReply { Signature = Schnorr.Sign(node.Key, SkipBlockHashing.SkipChainId(block)) };
    }

    /// <summary>Go's HandleExtendRosterReply: one refusal or bad signature fails the run; all signed succeeds.</summary>
    private void Count(TreeNode sender, ProtoExtendRosterReply reply)
    {
        if (!_windowStarted)
        {
            _windowStarted = true;
            // Go decides one second after the first answer with whatever arrived by then.
            _ = Task.Delay(SkipchainConstants.ExtendRosterReplyWindow).ContinueWith(_ => _result.TrySetResult(Enough()),
                TaskScheduler.Current);
        }
        var publicKey = sender.ServerIdentity.Public?.MarshalBinary();
        if (reply.Signature is null || publicKey is null || !Schnorr.Verify(publicKey, _chainId, reply.Signature))
        {
            logger.LogInformation("scExtendRoster: {Peer} refused the new roster", sender.ServerIdentity.Address);
            _result.TrySetResult(0);
            return;
        }
        _signers.Add(sender.ServerIdentity.Id);
        if (_signers.Count == Instance.Node.Children.Count)
        {
            _result.TrySetResult(_signers.Count);
        }
    }

    /// <summary>The signatures so far if at most ⌊(n − 1)/3⌋ children are missing, else none.</summary>
    private int Enough()
    {
        var allowed = (Instance.Tree.Roster.List.Count - 1) / 3;
        return _signers.Count >= Instance.Node.Children.Count - allowed ? _signers.Count : 0;
    }
}
