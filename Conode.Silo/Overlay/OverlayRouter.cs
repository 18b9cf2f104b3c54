using System.Collections.Concurrent;
using Conode.Network;
using Conode.Overlay;
using Conode.Protobuf;
using Conode.Silo.Hosting;
using Conode.Silo.Peers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Overlay;

/// <summary>
/// onet's overlay on the receiving side (onet-wire.md §5.4): a ProtocolMsg goes to the grain of its protocol
/// instance once its tree is known and its sender proven; unknown trees are asked from the sender and the
/// messages parked meanwhile; tree requests are answered from the trees this node holds.
/// </summary>
public sealed class OverlayRouter(IGrainFactory grains, IServiceProvider services, NodeIdentity self,
    IEnumerable<IServiceMessageHandler> serviceHandlers, IEnumerable<ProtocolRoute> protocolRoutes, ILogger<OverlayRouter> logger)
    : IPeerMessageHandler
{
    /// <summary>Messages kept per unknown tree, and unknown trees tracked, before new ones are dropped.</summary>
    private const int MaxParkedPerTree = 256;
    private const int MaxPendingTrees = 64;
    private const int MaxCachedTrees = 1024;

    /// <summary>
    /// Trees this node knows, decoded and as stored. The overlay keeps them itself: a tree grain that Orleans
    /// collected while idle must not make a known tree unknown to the instances and tree requests that use it.
    /// </summary>
    private readonly ConcurrentDictionary<Uuid, (Tree Tree, byte[] Stored)> _trees = new();
    private readonly PendingConfigs _configs = new();
    private readonly Dictionary<Type, IServiceMessageHandler> _serviceHandlers = ByMessageType(serviceHandlers);
    /// <summary>ProtocolID → the grain that runs this node's part in it.</summary>
    private readonly Dictionary<Uuid, ProtocolRoute> _protocols = ById(protocolRoutes);
    private readonly ConcurrentDictionary<Uuid, ConcurrentQueue<(ServerIdentity From, ProtocolMsg Message)>> _parked = new();
    private IPeerMessenger? _peers;

    // Resolved late: the messenger sends through the peer network, which delivers to this router.
    private IPeerMessenger Peers => _peers ??= services.GetRequiredService<IPeerMessenger>();

    public async ValueTask OnMessageAsync(ServerIdentity from, Uuid typeId, object message)
    {
        try
        {
            switch (message)
            {
                case ProtocolMsg protocolMessage:
                    await RouteAsync(from, protocolMessage);
                    break;
                case RequestTree request:
                    await AnswerTreeRequestAsync(from, request);
                    break;
                case ResponseTree response:
                    await AcceptTreeAsync(from, response);
                    break;
                case ConfigMsg config:
                    _configs.Add(config.Dest, config.Config.Data);
                    break;
                default:
                    if (_serviceHandlers.TryGetValue(message.GetType(), out var handler))
                    {
                        await handler.HandleAsync(from, message);
                    }
                    else
                    {
                        logger.LogDebug("No service handles {Type} from {Peer}; dropped", message.GetType().Name, from.Address);
                    }
                    break;
            }
        }
        catch (Exception e) when (e is ProtobufException or InvalidDataException or IOException or InvalidOperationException)
        {
            // Whatever one peer sends wrong costs only that message.
            logger.LogWarning("Dropped a {Type} from {Peer}: {Error}", message.GetType().Name, from.Address, e.Message);
        }
    }

    /// <summary>Makes a tree known before this node starts a protocol on it (as its root).</summary>
    public async Task RegisterTreeAsync(Tree tree)
    {
        var stored = StoredTree.Encode(tree);
        await grains.GetGrain<ITreeGrain>(tree.Id.ToString()).Store(stored);
        Cache(tree, stored);
    }

    private async Task RouteAsync(ServerIdentity from, ProtocolMsg message)
    {
        if (message.From is null || message.To is null)
        {
            throw new InvalidDataException("ProtocolMsg without From or To token");
        }
        if (!_protocols.ContainsKey(message.To.ProtoId))
        {
            logger.LogDebug("Protocol {ProtoId} from {Peer} is not run by this node; dropped", message.To.ProtoId, from.Address);
            return;
        }
        var tree = await FindTreeAsync(message.To.TreeId);
        if (tree is null)
        {
            await ParkAndRequestTreeAsync(from, message);
            return;
        }
        await DeliverAsync(from, message, tree.Value);
    }

    private async Task DeliverAsync(ServerIdentity from, ProtocolMsg message, (Tree Tree, byte[] Stored) known)
    {
        var tree = known.Tree;
        var sender = tree.Find(message.From!.TreeNodeId);
        if (sender is null || !sender.ServerIdentity.HasSameKeyAs(from))
        {
            // onet's rule: a node speaks only for itself, so protocol messages cannot be relayed.
            logger.LogWarning("Refused a protocol message from {Peer} claiming tree node {Node} of another key",
                from.Address, message.From.TreeNodeId);
            return;
        }
        var target = tree.Find(message.To!.TreeNodeId);
        if (target is null || !target.ServerIdentity.HasSameKeyAs(self.ServerIdentity))
        {
            logger.LogDebug("Protocol message from {Peer} for tree node {Node}, which is not this node; dropped",
                from.Address, message.To.TreeNodeId);
            return;
        }
        var token = OnetIds.TokenId(message.To);
        // A config comes either just before the first message (ConfigMsg) or inside it.
        var config = _configs.Take(token) ?? message.Config?.Data;
        var grain = _protocols[message.To.ProtoId].Grain(grains, token.ToString());
        await grain.Deliver(new ProtocolEnvelope(DedisProtobuf.Encode(message), config, known.Stored));
    }

    private async Task ParkAndRequestTreeAsync(ServerIdentity from, ProtocolMsg message)
    {
        var treeId = message.To!.TreeId;
        var isNew = false;
        if (!_parked.ContainsKey(treeId) && _parked.Count >= MaxPendingTrees)
        {
            logger.LogWarning("Too many unknown trees pending; dropped a message from {Peer}", from.Address);
            return;
        }
        var queue = _parked.GetOrAdd(treeId, _ =>
        {
            isNew = true;
            return new ConcurrentQueue<(ServerIdentity, ProtocolMsg)>();
        });
        if (queue.Count >= MaxParkedPerTree)
        {
            return;
        }
        queue.Enqueue((from, message));
        if (isNew)
        {
            // Only one request per tree, to the envelope's sender, which holds the tree (§5.4).
            await Peers.SendAsync(from, new RequestTree { TreeId = treeId, Version = 1 });
        }
    }

    private async Task AcceptTreeAsync(ServerIdentity from, ResponseTree response)
    {
        var treeId = response.TreeMarshal?.TreeId ?? Uuid.Nil;
        if (!_parked.TryRemove(treeId, out var parked))
        {
            logger.LogDebug("Unrequested tree {Tree} from {Peer}; ignored", treeId, from.Address);
            return;
        }
        var tree = StoredTree.FromResponse(response);
        await RegisterTreeAsync(tree);
        var known = _trees[tree.Id];
        foreach (var (sender, message) in parked)
        {
            await DeliverAsync(sender, message, known);
        }
    }

    private async Task AnswerTreeRequestAsync(ServerIdentity from, RequestTree request)
    {
        if (await FindTreeAsync(request.TreeId) is not { } known)
        {
            return; // Go sends nothing either: there is no error message for an unknown tree.
        }
        var response = DedisProtobuf.Decode<ResponseTree>(known.Stored);
        // Version 0 is the deprecated form: a bare TreeMarshal, the roster being asked for separately.
        await Peers.SendAsync(from, request.Version == 0 ? response.TreeMarshal! : response);
    }

    /// <summary>The tree with this ID: known to the overlay, or stored in its grain (by a root on any silo).</summary>
    private async Task<(Tree Tree, byte[] Stored)?> FindTreeAsync(Uuid treeId)
    {
        if (_trees.TryGetValue(treeId, out var cached))
        {
            return cached;
        }
        var stored = await grains.GetGrain<ITreeGrain>(treeId.ToString()).Get();
        if (stored is null)
        {
            return null;
        }
        var tree = StoredTree.Decode(stored);
        Cache(tree, stored);
        return (tree, stored);
    }

    private void Cache(Tree tree, byte[] stored)
    {
        if (_trees.Count >= MaxCachedTrees)
        {
            _trees.Clear();
        }
        _trees[tree.Id] = (tree, stored);
    }

    private static Dictionary<Type, IServiceMessageHandler> ByMessageType(IEnumerable<IServiceMessageHandler> handlers)
    {
        var byType = new Dictionary<Type, IServiceMessageHandler>();
        foreach (var handler in handlers)
        {
            foreach (var type in handler.MessageTypes)
            {
                if (!byType.TryAdd(type, handler))
                {
                    throw new InvalidOperationException($"two services process {type.Name} messages");
                }
            }
        }
        return byType;
    }

    private static Dictionary<Uuid, ProtocolRoute> ById(IEnumerable<ProtocolRoute> routes)
    {
        var byId = new Dictionary<Uuid, ProtocolRoute>();
        foreach (var route in routes)
        {
            if (!byId.TryAdd(route.Id, route))
            {
                throw new InvalidOperationException($"protocol {route.Name} is registered twice");
            }
        }
        return byId;
    }
}
