using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;
using Conode.Crypto.Ed25519;
using Conode.Network;
using Conode.Services.Skipchain;

namespace Conode.Client.Tests;

/// <summary>
/// A plain chain (base height 1) whose level-0 links are really signed with BDN by the members of each block's
/// roster, as conodes would sign them; members are fresh keys.
/// </summary>
internal sealed class TestChain
{
    private readonly Dictionary<Uuid, Scalar> _skipchainKeys = [];

    public List<SkipBlock> Blocks { get; } = [];

    public Roster NewRoster(int size)
    {
        var members = new List<ServerIdentity>();
        for (var i = 0; i < size; i++)
        {
            var identity = Ed25519KeyPair.Generate();
            var skipchain = Bn256KeyPair.Generate();
            var member = ServerIdentity.Create(identity.Public, $"tls://127.0.0.1:{7770 + 2 * i}", $"member {i}");
            member.ServiceIdentities.Add(new ServiceIdentity
            {
                Name = SkipchainConstants.ServiceName, Suite = "bn256.adapter", Public = skipchain.Public,
            });
            _skipchainKeys[member.Id] = skipchain.Private;
            members.Add(member);
        }
        return Roster.Create(members);
    }

    /// <summary>Appends a block (the genesis if the chain is empty) and signs the link to it by every member but <paramref name="absent"/>.</summary>
    public SkipBlock Append(Roster roster, string data, params int[] absent)
    {
        var block = new SkipBlock
        {
            Index = Blocks.Count, Height = 1, MaximumHeight = 1, BaseHeight = 1,
            BackLinkIds = [Blocks.Count == 0 ? new byte[32] : Blocks[^1].Hash],
            GenesisId = Blocks.Count == 0 ? [] : Blocks[0].Hash,
            Data = System.Text.Encoding.UTF8.GetBytes(data), Roster = roster, SignatureScheme = 1,
        };
        block.Hash = SkipBlockHashing.ComputeHash(block);
        if (Blocks.Count > 0)
        {
            Blocks[^1].ForwardLinks = [Sign(Blocks[^1], block, absent)];
        }
        Blocks.Add(block);
        return block;
    }

    private ForwardLink Sign(SkipBlock from, SkipBlock to, int[] absent)
    {
        var link = SkipBlockHashing.NewForwardLink(from, to);
        var members = from.Roster!.List;
        var signers = Enumerable.Range(0, members.Count).Except(absent).ToList();
        var publics = members.Select(m => ForwardLinkVerifier.SkipchainPublicKey(m)!).ToArray();
        var mask = ParticipationMask.FromIndices(members.Count, signers);
        var signatures = signers.Select(i => Bdn.Sign(_skipchainKeys[members[i].Id], link.Signature.Msg)).ToList();
        link.Signature.Sig = CosiSignature.Encode(Bdn.AggregateSignatures(publics, mask, signatures), mask);
        return link;
    }
}
