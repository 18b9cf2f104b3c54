using Conode.Grains.Overlay;
using Conode.Messaging;
using Conode.Network;
using Conode.Overlay;
using Conode.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Conode.Grains.Messaging;

/// <summary>What a service does with the payload of one of its propagation protocols (Go's PropagationStore).</summary>
public interface IPropagationReceiver
{
    /// <summary>Handles the decoded payload; a throw is logged and the node still acknowledges, as in Go.</summary>
    Task ReceiveAsync(object message);
}

/// <summary>A propagation protocol a service registered (Go's messaging.NewPropagationFunc).</summary>
public sealed record PropagationProtocol(string Name, Func<IServiceProvider, IPropagationReceiver> Receiver);

public static class PropagationRegistration
{
    /// <summary>Registers propagation protocol <paramref name="name"/>: its receiver, and the route to <see cref="IPropagateGrain"/>.</summary>
    public static IServiceCollection AddPropagation(this IServiceCollection services, string name,
        Func<IServiceProvider, IPropagationReceiver> receiver)
    {
        services.AddSingleton(new PropagationProtocol(name, receiver));
        services.AddSingleton(new ProtocolRoute(name, (factory, key) => factory.GetGrain<IPropagateGrain>(key)));
        return services;
    }
}

/// <summary>
/// One node's run of a <c>messaging.Propagate</c> protocol over a star. Reentrant: the root waits in
/// <see cref="RunAsRoot"/> while the acknowledgements it counts arrive as <see cref="Deliver"/> calls. Nothing is
/// durable: the receivers store what must survive before the node acknowledges.
/// </summary>
[GrainType("conode.protocol.propagate")]
[Reentrant]
public sealed class PropagateGrain(IGrainFactory grains, IPeerMessenger peers, IServiceProvider services,
    IEnumerable<PropagationProtocol> protocols, ILogger<PropagateGrain> logger) : ProtocolGrain(grains, peers), IPropagateGrain
{
    private readonly TaskCompletionSource _allAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _gotData;
    private int _answers;
    private int _awaited = int.MaxValue;

    public async Task<int> RunAsRoot(TokenValue root, byte[] payload, TimeSpan timeout)
    {
        await LoadAsRootAsync(root);
        // Go's root first sends the data to itself and runs its own handler before contacting the children.
        _gotData = true;
        await ReceiveAsync(payload);
        var children = Instance.Node.Children;
        var data = new PropagateSendData { Data = payload, Timeout = timeout };
        var sends = await Task.WhenAll(children.Select(child => TrySendAsync(child, data)));
        var failures = sends.Count(sent => !sent);
        if (failures > AllowedFailures(Instance.Tree.Roster.List.Count))
        {
            logger.LogDebug("Propagation {Round}: {Failures} of {Children} children unreachable", root.RoundId, failures, children.Count);
            DeactivateOnIdle();
            return 1;
        }
        _awaited = children.Count - failures;
        if (_answers >= _awaited)
        {
            _allAnswered.TrySetResult();
        }
        await Task.WhenAny(_allAnswered.Task, Task.Delay(timeout));
        DeactivateOnIdle();
        return _answers + 1;
    }

    protected override async Task OnMessageAsync(TreeNode sender, object message)
    {
        switch (message)
        {
            case PropagateSendData data when !_gotData:
                _gotData = true;
                await ReceiveAsync(data.Data);
                if (Instance.Node.Parent is { } parent)
                {
                    await Instance.SendAsync(parent, new PropagateReply());
                }
                DeactivateOnIdle();
                break;
            case PropagateReply when Instance.Node.IsRoot && Instance.Node.Children.Contains(sender):
                if (++_answers >= _awaited)
                {
                    _allAnswered.TrySetResult();
                }
                break;
            default:
                logger.LogDebug("Propagation {Round}: unexpected {Type} from {Sender}", Instance.Self.RoundId,
                    message.GetType().Name, sender.ServerIdentity.Address);
                break;
        }
    }

    /// <summary>Go's default: a propagation tolerates ⌊(n − 1)/3⌋ unreachable nodes.</summary>
    public static int AllowedFailures(int rosterSize) => (rosterSize - 1) / 3;

    private async Task<bool> TrySendAsync(TreeNode child, PropagateSendData data)
    {
        try
        {
            await Instance.SendAsync(child, data);
            return true;
        }
        catch (IOException e)
        {
            logger.LogDebug("Propagation {Round}: {Child} unreachable: {Error}", Instance.Self.RoundId,
                child.ServerIdentity.Address, e.Message);
            return false;
        }
    }

    /// <summary>Decodes the payload and hands it to the receiver the service registered for this protocol.</summary>
    private async Task ReceiveAsync(byte[] payload)
    {
        var protocolId = Instance.Self.ProtoId;
        var protocol = protocols.FirstOrDefault(p => Protocols.Id(p.Name) == protocolId);
        if (protocol is null)
        {
            logger.LogWarning("Propagation {Round}: no receiver for protocol {ProtoId}", Instance.Self.RoundId, protocolId);
            return;
        }
        try
        {
            var (_, message) = MessageRegistry.Default.Unmarshal(payload);
            await protocol.Receiver(services).ReceiveAsync(message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Go only logs a failed handler; the sender still gets its acknowledgement.
            logger.LogWarning("{Protocol}: the propagated data was not taken: {Error}", protocol.Name, e.Message);
        }
    }
}
