using Conode.Network;
using Conode.Overlay;

namespace Conode.Grains.Overlay;

/// <summary>How a node starts a protocol as the root of a tree (Go's CreateProtocol).</summary>
public static class ProtocolRoots
{
    /// <summary>
    /// Makes <paramref name="tree"/> known on this node (peers ask for it with RequestTree) and returns the root's token
    /// for a fresh run of <paramref name="protocolName"/> on behalf of <paramref name="serviceId"/>.
    /// </summary>
    public static async Task<TokenValue> StartAsync(IGrainFactory grains, Tree tree, string protocolName, Uuid serviceId)
    {
        await grains.GetGrain<ITreeGrain>(tree.Id.ToString()).Store(StoredTree.Encode(tree));
        return new TokenValue(tree.Roster.Id, tree.Id, Protocols.Id(protocolName), serviceId, Uuid.NewRandom(), tree.Root.Id);
    }

    /// <summary>Go's GenerateStar: the first member is the root, every other member its child.</summary>
    public static Tree Star(Roster roster) => Tree.GenerateNary(roster, Math.Max(1, roster.List.Count - 1));
}
