using System.Security.Cryptography;
using Conode.Cosi;
using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;
using Conode.Grains.Overlay;
using Conode.Network;
using Conode.Overlay;
using Conode.Protobuf;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using StopMessage = Conode.Cosi.Stop;

namespace Conode.Grains.Cosi;

/// <summary>
/// One node's part in one blscosi sub-protocol instance (Go's <c>SubBlsCosi</c>, cothority-services.md §7.4), in
/// the role its place in the three-level tree gives it: leader (root), subleader (the root's child) or leaf.
/// Reentrant: a waiting leader or subleader receives the answers it waits for as <see cref="Deliver"/> calls, and
/// <see cref="Deliver"/> returns at once, leaving checks and waits to run on the grain, so that a peer's
/// connection is never held up. Nothing is durable: an instance lives for seconds; once finished it ignores
/// everything (Go drops messages for a finished instance) until Orleans collects it.
/// </summary>
[GrainType("conode.protocol.subcosi")]
[Reentrant]
[CollectionAgeLimit(Minutes = 2)]
public sealed class SubCosiGrain(IGrainFactory grains, IPeerMessenger peers, ILocalNode self, CosiProtocolCatalog catalog,
    ILogger<SubCosiGrain> logger) : Grain, ISubCosiGrain
{
    /// <summary>Longest wait a peer's Announcement can make this node accept (Go sends 2.5 s).</summary>
    private static readonly TimeSpan MaxAnnouncedTimeout = TimeSpan.FromMinutes(1);

    private const int NonceSize = 8;

    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<SubCosiInstance>? _loading;
    private bool _finished;

    // Leader: the subleader's answer. Subleader and leaf: the announcement taken (only the first counts).
    // Subleader: the leaves' answers and the nonce their refusals must sign.
    private TaskCompletionSource<SubCosiResponse?>? _subleaderAnswer;
    private Task? _answerDeadline;
    private Announcement? _announcement;
    private SubleaderCollector? _leaves;
    private byte[] _nonce = [];
    private readonly TaskCompletionSource _leavesDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task Announce(SubCosiLead lead)
    {
        if (lead.Root.GrainKey != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("the token is not this instance's", nameof(lead));
        }
        var instance = await EnsureLoadedAsync(lead.Root.ToToken());
        if (instance.Role != SubCosiRole.Leader || _subleaderAnswer is not null || _finished)
        {
            throw new InvalidOperationException("Announce on a sub-instance that is not a fresh root");
        }
        var answer = _subleaderAnswer = new TaskCompletionSource<SubCosiResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _answerDeadline = Task.Delay(lead.Timeout);
        var announcement = new Announcement
        {
            Msg = lead.Message, Data = lead.Data, Timeout = lead.Timeout, Threshold = lead.Threshold,
        };
        // cothority after v3.4.9 counts an unreachable subleader as failed at once instead of at the timeout.
        await SendQuietlyAsync(instance, instance.Subleader, announcement, () => answer.TrySetResult(null));
    }

    public async Task<SubCosiResponse?> Answer()
    {
        if (_subleaderAnswer is not { } answer || _answerDeadline is not { } deadline)
        {
            throw new InvalidOperationException("Answer before Announce");
        }
        await Task.WhenAny(answer.Task, deadline, _stopped.Task);
        Finish();
        var instance = await _loading!;
        foreach (var node in instance.Tree.Nodes.Where(n => n != instance.Node))
        {
            _ = SendQuietlyAsync(instance, node, new StopMessage());
        }
        return answer.Task.IsCompleted ? answer.Task.Result : null;
    }

    public Task Stop()
    {
        _stopped.TrySetResult();
        return Task.CompletedTask;
    }

    public async Task Deliver(ProtocolEnvelope envelope)
    {
        try
        {
            if (_finished)
            {
                logger.LogDebug("Sub-cosi {Key}: message after the end; ignored", this.GetPrimaryKeyString());
                return;
            }
            var message = DedisProtobuf.Decode<ProtocolMsg>(envelope.ProtocolMsg);
            var instance = await EnsureLoadedAsync(message.To ?? throw new InvalidDataException("no To token"), envelope.Tree);
            var sender = instance.Tree.Find(message.From?.TreeNodeId ?? Uuid.Nil);
            if (sender is null)
            {
                logger.LogDebug("Sub-cosi {Key}: message from a node outside the tree; ignored", this.GetPrimaryKeyString());
                return;
            }
            var (_, inner) = MessageRegistry.Default.Unmarshal(message.MsgSlice);
            Handle(instance, sender, inner);
        }
        catch (Exception e)
        {
            // Whatever a peer sends, it costs at most this message; the instance and the node go on.
            logger.LogWarning("Sub-cosi {Key}: dropped a message: {Error}", this.GetPrimaryKeyString(), e.Message);
        }
    }

    private void Handle(SubCosiInstance instance, TreeNode sender, object message)
    {
        switch (instance.Role, message)
        {
            case (_, StopMessage) when sender.IsRoot:
                _stopped.TrySetResult();
                if (instance.Role != SubCosiRole.Leader)
                {
                    Finish();
                }
                break;
            case (SubCosiRole.Leader, Response response) when sender == instance.Subleader:
                AcceptSubleaderResponse(instance, response);
                break;
            case (SubCosiRole.Subleader, Announcement announcement) when sender.IsRoot && _announcement is null:
                _announcement = announcement;
                _ = RunSubleaderAsync(instance, announcement);
                break;
            case (SubCosiRole.Subleader, Response response):
                AcceptLeafAnswer(instance, sender, response.Signature, refusal: false);
                break;
            case (SubCosiRole.Subleader, Refusal refusal):
                AcceptLeafAnswer(instance, sender, refusal.Signature, refusal: true);
                break;
            case (SubCosiRole.Leaf, Announcement announcement) when sender == instance.Node.Parent && _announcement is null:
                _announcement = announcement;
                _ = RunLeafAsync(instance, announcement);
                break;
            default:
                logger.LogDebug("Sub-cosi {Key}: unexpected {Type} from {Sender} (a duplicate, a stranger or out of turn); ignored",
                    this.GetPrimaryKeyString(), message.GetType().Name, sender.ServerIdentity.Address);
                break;
        }
    }

    private void AcceptSubleaderResponse(SubCosiInstance instance, Response response)
    {
        if (instance.Keys.TryMask(response.Mask) is null || !IsPoint(response.Signature))
        {
            logger.LogWarning("Sub-cosi {Key}: subleader {Sender} sent a malformed response; ignored",
                this.GetPrimaryKeyString(), instance.Subleader.ServerIdentity.Address);
            return;
        }
        _subleaderAnswer?.TrySetResult(new SubCosiResponse(response.Signature, response.Mask));
    }

    private async Task RunSubleaderAsync(SubCosiInstance instance, Announcement received)
    {
        try
        {
            _nonce = RandomNumberGenerator.GetBytes(NonceSize);
            var announcement = new Announcement
            {
                Msg = received.Msg, Data = received.Data, Nonce = _nonce, Timeout = received.Timeout, Threshold = received.Threshold,
            };
            var leaves = _leaves = new SubleaderCollector(instance.Node.Children.Select(c => c.RosterIndex));
            foreach (var leaf in instance.Node.Children)
            {
                // Go stops waiting for a leaf it could not send to.
                _ = SendQuietlyAsync(instance, leaf, announcement, () =>
                {
                    leaves.Unreachable(leaf.RosterIndex);
                    SignalIfLeavesDone();
                });
            }
            SignalIfLeavesDone();
            if (await CheckAsync(instance, announcement))
            {
                leaves.AddOwn(instance.Node.RosterIndex, Bls.Sign(instance.Key.Private, announcement.Msg));
            }
            // Answer the leader well within its own wait, even when some leaves stay silent.
            await Task.WhenAny(_leavesDone.Task, _stopped.Task, Task.Delay(Bounded(announcement.Timeout) / 2));
            if (_stopped.Task.IsCompleted)
            {
                return;
            }
            var signatures = leaves.Signatures;
            var response = new Response
            {
                Signature = instance.Keys.Aggregate(signatures).MarshalBinary(),
                Mask = ParticipationMask.FromIndices(instance.Keys.Count, signatures.Keys).ToBytes(),
            };
            Finish();
            await instance.Protocol.SendAsync(instance.Tree.Root, response);
        }
        catch (Exception e)
        {
            logger.LogWarning("Sub-cosi {Key}: subleader could not answer: {Error}", this.GetPrimaryKeyString(), e.Message);
            Finish();
        }
    }

    private void AcceptLeafAnswer(SubCosiInstance instance, TreeNode sender, byte[] signature, bool refusal)
    {
        var index = sender.RosterIndex;
        if (_leaves is null || _announcement is null || sender.Parent != instance.Node || !_leaves.IsAwaited(index))
        {
            logger.LogDebug("Sub-cosi {Key}: answer from {Sender}, which is not an awaited leaf; ignored",
                this.GetPrimaryKeyString(), sender.ServerIdentity.Address);
            return;
        }
        // A refusal must be signed too, over the nonce, or any node could silence another.
        if (!instance.Keys.VerifyIndividual(index, refusal ? _nonce : _announcement.Msg, signature))
        {
            logger.LogWarning("Sub-cosi {Key}: {Kind} from {Sender} has an invalid signature; ignored",
                this.GetPrimaryKeyString(), refusal ? "refusal" : "response", sender.ServerIdentity.Address);
            return;
        }
        if (refusal)
        {
            _leaves.Refused(index);
        }
        else
        {
            _leaves.Signed(index, signature);
        }
        SignalIfLeavesDone();
    }

    private void SignalIfLeavesDone()
    {
        if (_leaves!.IsDone)
        {
            _leavesDone.TrySetResult();
        }
    }

    private async Task RunLeafAsync(SubCosiInstance instance, Announcement announcement)
    {
        try
        {
            if (announcement.Nonce.Length != NonceSize)
            {
                // Go always sends 8 bytes; anything else would make a refusal sign what the subleader chose.
                logger.LogWarning("Sub-cosi {Key}: announcement with a {Length}-byte nonce; ignored",
                    this.GetPrimaryKeyString(), announcement.Nonce.Length);
                return;
            }
            var agreed = await CheckAsync(instance, announcement);
            if (_stopped.Task.IsCompleted)
            {
                return;
            }
            object answer = agreed
                ? new Response
                {
                    Signature = Bls.Sign(instance.Key.Private, announcement.Msg),
                    Mask = ParticipationMask.FromIndices(instance.Keys.Count, [instance.Node.RosterIndex]).ToBytes(),
                }
                : new Refusal { Signature = Bls.Sign(instance.Key.Private, announcement.Nonce) };
            await instance.Protocol.SendAsync(instance.Node.Parent!, answer);
        }
        catch (Exception e)
        {
            logger.LogWarning("Sub-cosi {Key}: leaf could not answer: {Error}", this.GetPrimaryKeyString(), e.Message);
        }
        finally
        {
            Finish();
        }
    }

    private Task<bool> CheckAsync(SubCosiInstance instance, Announcement announcement) =>
        instance.Checks.AgreesAsync(instance.Phase, announcement.Msg, announcement.Data, logger, "Sub-cosi " + this.GetPrimaryKeyString());

    /// <summary>Sends without holding up the caller; a node that cannot be reached is logged and reported.</summary>
    private async Task SendQuietlyAsync(SubCosiInstance instance, TreeNode to, object message, Action? unreachable = null)
    {
        try
        {
            await instance.Protocol.SendAsync(to, message);
        }
        catch (Exception e)
        {
            logger.LogDebug("Sub-cosi {Key}: {Type} not delivered to {Address}: {Error}", this.GetPrimaryKeyString(),
                message.GetType().Name, to.ServerIdentity.Address, e.Message);
            unreachable?.Invoke();
        }
    }

    /// <summary>From now on the instance ignores every message, as Go's overlay does for a finished instance.</summary>
    private void Finish()
    {
        _finished = true;
        _stopped.TrySetResult();
    }

    private static TimeSpan Bounded(TimeSpan announced) =>
        announced < TimeSpan.Zero ? TimeSpan.Zero : announced > MaxAnnouncedTimeout ? MaxAnnouncedTimeout : announced;

    private static bool IsPoint(byte[] signature)
    {
        try
        {
            G1Point.Unmarshal(signature);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private Task<SubCosiInstance> EnsureLoadedAsync(Token token, byte[]? tree = null) => _loading ??= LoadAsync(token, tree);

    private async Task<SubCosiInstance> LoadAsync(Token token, byte[]? tree)
    {
        var (protocol, phase, checks) = catalog.FindSubProtocol(token.ProtoId)
            ?? throw new InvalidOperationException($"no cosi protocol has ID {token.ProtoId}");
        var instance = await ProtocolInstance.LoadAsync(token, grains, peers, tree);
        var key = self.ServiceKeys.GetValueOrDefault(protocol.Service)
            ?? throw new InvalidOperationException($"this node has no {protocol.Service} key to sign with");
        return new SubCosiInstance(instance, phase, checks, CosiKeys.FromRoster(instance.Tree.Roster, protocol), key);
    }
}
