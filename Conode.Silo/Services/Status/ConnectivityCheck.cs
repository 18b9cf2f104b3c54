using Conode.Crypto.Ed25519;
using Conode.Messaging;
using Conode.Network;
using Conode.Overlay;
using Conode.Services.Status;
using Conode.Silo.Gateway;
using Conode.Silo.Hosting;
using Conode.Silo.Overlay;

namespace Conode.Silo.Services.Status;

/// <summary>
/// <c>/Status/CheckConnectivity</c> (cothority-services.md §5.2): only this node's operator may ask (the request
/// is signed with the node's own key); the node runs the Broadcast protocol over the listed nodes and answers
/// with those that all reach each other.
/// </summary>
public sealed class ConnectivityCheck(NodeIdentity self, OverlayRouter overlay, IGrainFactory grains, TimeProvider clock)
{
    /// <summary>How far the request's time may be from ours (Go: 2 minutes).</summary>
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(2);

    public async Task<CheckConnectivityReply> CheckAsync(CheckConnectivity request, CancellationToken cancellationToken)
    {
        if (!Schnorr.Verify(self.Key.Public, ConnectivitySignature.Message(request), request.Signature))
        {
            throw ClientRequestException.Processing("signature verification failed: not signed by this conode's key");
        }
        var sent = DateTimeOffset.FromUnixTimeSeconds(request.Time);
        if ((clock.GetUtcNow() - sent).Duration() > MaxClockSkew)
        {
            throw ClientRequestException.Processing($"request time {sent:u} is more than 2 minutes from this conode's");
        }
        var list = request.List.ToList();
        var selfIndex = list.FindIndex(si => si.Id == self.ServerIdentity.Id);
        if (selfIndex < 0)
        {
            throw ClientRequestException.Processing("this conode is not in the list");
        }
        (list[0], list[selfIndex]) = (list[selfIndex], list[0]);
        var timeout = TimeSpan.FromTicks(Math.Max(0, request.Timeout / 100));

        if (await AllReachEachOtherAsync(list, timeout))
        {
            return new CheckConnectivityReply { Nodes = list };
        }
        if (!request.FindFaulty)
        {
            throw ClientRequestException.Processing("not all nodes could be contacted within the timeout");
        }
        // Grow the set one node at a time, keeping each node that still lets everybody reach everybody.
        var reachable = new List<ServerIdentity> { list[0] };
        foreach (var candidate in list.Skip(1))
        {
            if (await AllReachEachOtherAsync([.. reachable, candidate], timeout))
            {
                reachable.Add(candidate);
            }
        }
        return new CheckConnectivityReply { Nodes = reachable };
    }

    private async Task<bool> AllReachEachOtherAsync(List<ServerIdentity> nodes, TimeSpan timeout)
    {
        if (nodes.Count == 1)
        {
            return true;
        }
        var tree = Tree.GenerateBinary(Roster.Create(nodes));
        await overlay.RegisterTreeAsync(tree);
        var root = new TokenValue(tree.Roster.Id, tree.Id, Protocols.Id(Protocols.Broadcast),
            OnetIds.ServiceId("Status"), Uuid.NewRandom(), tree.Root.Id);
        return await grains.GetGrain<IBroadcastGrain>(root.GrainKey).RunAsRoot(root, timeout);
    }
}
