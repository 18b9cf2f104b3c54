using Conode.Crypto.Bn256;
using Conode.Crypto.Ed25519;
using Conode.Interfaces.Tests.Protobuf;
using Conode.Network;
using Conode.Services.Skipchain;

namespace Conode.Interfaces.Tests.Skipchain;

/// <summary>The blocks and links of cothority-services.md §11.3, built from the §11.1 conodes with real keys.</summary>
internal static class SkipchainSamples
{
    public const string HashG = "a119ee0d079a95dfe2d8ee2ec1c508c926d511be6dcfa2bc0b651797bd3b7e5a";
    public const string HashGScheme0 = "0b8f59c93eb9895ba33125930d824c339a9a2f4ce67feb31581a00d820652e99";
    public const string HashB1 = "a05b120979e09c99bcfca5a36be0600b85ba6328af37540da67bc95616462c32";
    public const string HashB1Prime = "02a77b22fe013bf2c8d7646304f71189ead5d10153deb92cfde2cdfd5ae817a6";
    public const string LinkGToB1 = "3a012c978911cbf310070e2561b03f1bb7b630c35c96b5a69abad659fb555a2b";
    public const string LinkGToB1Prime = "8835e8ff4211e9215c68438126adfd70c0ba8348f6ea844f12d6352396bd9c1e";

    /// <summary>SHA-256 of "random-backlink", the genesis block's back link.</summary>
    public const string RandomBackLink = "5c3ed1c8508a30093f66c10227cd69b5d0d91b67290dfd29db9fc36ced27a186";

    /// <summary>protobuf(G), as Go emits it.</summary>
    public const string ProtobufG =
        "08001040184020082a205c3ed1c8508a30093f66c10227cd69b5d0d91b67290dfd29db9fc36ced27a1863210a7f6cdb747f856b4aff5ece35a8824893a00420568656c6c6f4ac5020a10858160cc40a85deebbe2d5fa096485311286020a2865642e706f696e74424425e42bdb4526dd0837089425a99461c9f37dfbf241659fc5abca55c2899212a5010a09536b6970636861696e120d626e3235362e616461707465721a8801626e3235362e673246baa4d623f91b0456e94651770cd3aafcd0589c05904a83f6532e40e0b48dae635555bcc5a5d783ba16b05b73ff9d6063b4f54152426f5c71ba973ef30fd1fd7d5207ad735beb4102e22c447088623779985ffe622b63f26a61403ab466d042412e0ad22dcaa3fcf38006fbb24ed43a48550d9d283f80985f4c1825b33094e11a1055fd37152c5b54a999819b5ebd12d37b2214746c733a2f2f3132372e302e302e313a373737302a08436f6e6f64655f313a001a2865642e706f696e74424425e42bdb4526dd0837089425a99461c9f37dfbf241659fc5abca55c289925220a119ee0d079a95dfe2d8ee2ec1c508c926d511be6dcfa2bc0b651797bd3b7e5a62006801";

    public static ServerIdentity Node(int i)
    {
        var identity = Ed25519Point.Unmarshal(Hex.Bytes(SpecNodes.Nodes[i].Ed));
        var node = ServerIdentity.Create(identity, SpecNodes.Address(i), SpecNodes.Description(i));
        node.ServiceIdentities.Add(new ServiceIdentity
        {
            Name = SkipchainConstants.ServiceName, Suite = "bn256.adapter", Public = G2Point.Unmarshal(Hex.Bytes(SpecNodes.Nodes[i].Bn)),
        });
        return node;
    }

    /// <summary>Nodes 0 … count − 1.</summary>
    public static Roster RosterOf(int count) => Roster.Create(Enumerable.Range(0, count).Select(Node));

    /// <summary>The Skipchain service private key of node i.</summary>
    public static Scalar SkipchainPrivate(int i) => Bn256KeyPair.FromPrivateHex(SpecNodes.Nodes[i].BnPrivate).Private;

    /// <summary>G: Index 0, Height 32, MaximumHeight 32, BaseHeight 4, data "hello", roster [node0], hash set.</summary>
    public static SkipBlock Genesis(uint scheme = 1) => WithHash(new SkipBlock
    {
        Index = 0, Height = 32, MaximumHeight = 32, BaseHeight = 4,
        BackLinkIds = [Hex.Bytes(RandomBackLink)], VerifierIds = [SkipchainConstants.VerifyBase],
        Data = "hello"u8.ToArray(), Roster = RosterOf(1), SignatureScheme = scheme,
    });

    /// <summary>B1 (roster [node0]) or, with four members, B1′: Index 1, Height 1, data "block1", after G.</summary>
    public static SkipBlock Block1(int rosterSize = 1) => WithHash(new SkipBlock
    {
        Index = 1, Height = 1, MaximumHeight = 32, BaseHeight = 4,
        BackLinkIds = [Hex.Bytes(HashG)], VerifierIds = [SkipchainConstants.VerifyBase], GenesisId = Hex.Bytes(HashG),
        Data = "block1"u8.ToArray(), Roster = RosterOf(rosterSize), SignatureScheme = 1,
    });

    private static SkipBlock WithHash(SkipBlock block)
    {
        block.Hash = SkipBlockHashing.ComputeHash(block);
        return block;
    }
}
