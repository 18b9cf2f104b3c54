using System.Security.Cryptography;
using Conode.Protobuf;

namespace Conode.Network;

/// <summary>
/// The name-based identifiers of onet (onet-wire.md §4, §5.1). Only their creator computes them; receivers use the
/// values as sent. Point bytes are MarshalBinary (without the 8-byte tag).
/// </summary>
public static class OnetIds
{
    /// <summary>uuid5(".../id/" + hex(pub)); nil for a null key.</summary>
    public static Uuid ServerIdentityId(IKyberMarshaler? publicKey) =>
        publicKey is null ? Uuid.Nil : Uuid.V5("https://dedis.epfl.ch/id/" + Hex(publicKey));

    /// <summary>
    /// uuid5(hex(SHA-256(for each member in order: pub ‖ each service pub in order))), over the 64-char hex digest.
    /// </summary>
    public static Uuid RosterId(IEnumerable<ServerIdentity> members)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var member in members)
        {
            hash.AppendData(KeyBytes(member.Public, "server"));
            foreach (var service in member.ServiceIdentities)
            {
                hash.AppendData(KeyBytes(service.Public, $"service {service.Name}"));
            }
        }
        return Uuid.V5(Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>uuid5(hex(pub)) with no prefix: every node of one server has the same ID.</summary>
    public static Uuid TreeNodeId(IKyberMarshaler publicKey) => Uuid.V5(Hex(publicKey));

    /// <summary>
    /// uuid5(".../tree/" + RosterID string + hex(SHA-256(pre-order: pub, plus 01 after a leaf's pub))).
    /// </summary>
    public static Uuid TreeId(Uuid rosterId, TreeNode root)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var node in root.PreOrder())
        {
            hash.AppendData(KeyBytes(node.ServerIdentity.Public, "tree node"));
            if (node.IsLeaf)
            {
                hash.AppendData([1]);
            }
        }
        return Uuid.V5("https://dedis.epfl.ch/tree/" + rosterId + Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>uuid3 (MD5) of ".../protocolname/" + name.</summary>
    public static Uuid ProtocolId(string protocolName) => Uuid.V3("https://dedis.epfl.ch/protocolname/" + protocolName);

    /// <summary>uuid5 of the bare service name.</summary>
    public static Uuid ServiceId(string serviceName) => Uuid.V5(serviceName);

    /// <summary>
    /// The local key of a protocol instance (and ConfigMsg.Dest): uuid5 of ".../token/" followed by the string forms
    /// of RosterID, RoundID, ServiceID, ProtoID, TreeID, TreeNodeID — in that order, not field order.
    /// </summary>
    public static Uuid TokenId(Token token) =>
        Uuid.V5(string.Concat(
            "https://dedis.epfl.ch/token/", token.RosterId.ToString(), token.RoundId.ToString(), token.ServiceId.ToString(),
            token.ProtoId.ToString(), token.TreeId.ToString(), token.TreeNodeId.ToString()));

    private static string Hex(IKyberMarshaler key) => Convert.ToHexStringLower(key.MarshalBinary());

    private static byte[] KeyBytes(IKyberMarshaler? key, string owner) =>
        key?.MarshalBinary() ?? throw new ArgumentException($"{owner} has no public key");
}
