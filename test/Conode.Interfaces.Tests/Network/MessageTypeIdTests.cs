using Conode.Messaging;
using Conode.Network;
using Conode.Services.Status;

namespace Conode.Interfaces.Tests.Network;

/// <summary>onet-wire.md §2.2 and cothority-services.md §11.5.</summary>
public class MessageTypeIdTests
{
    [Theory]
    [InlineData("network.ServerIdentity", "7b9e136cc4885963a0b48201b31a1975")]
    [InlineData("onet.ProtocolMsg", "2dae95c7320b5caea322e3cc2bfd21a2")]
    [InlineData("onet.RequestTree", "17896f9a54e958e2a90dbe2978cdacb2")]
    [InlineData("onet.ResponseTree", "6f059182cba45f199c5c7dab7875cd33")]
    [InlineData("onet.TreeMarshal", "d73e44bb6a8d5399917c594232f0a580")]
    [InlineData("onet.RequestRoster", "1682b1ca6b285201ae09a0e1a4161b98")]
    [InlineData("onet.Roster", "ccbba80fdd405c3e90748604a0921e9e")]
    [InlineData("onet.ConfigMsg", "a1c5eca31899578fab3c79bcbd1a23df")]
    [InlineData("onet.GenericConfig", "2cb9b5c819665236944719454b4c6bbc")]
    [InlineData("onet.Tree", "3a3cee21573b5d8a92d4f57e4489fc46")]
    [InlineData("onet.tbmStruct", "d6bb9309386f5127b85b434102f07c09")]
    [InlineData("onet.TreeNode", "b2fe1deb7ef95466a07e148195768a80")]
    [InlineData("onet.OverlayMsg", "9c4bffb038365c948cd747b9a587de93")]
    [InlineData("onet.Status", "2320c4ac3ede567ba9ff83c18f1b5c3f")]
    [InlineData("status.Request", "313c89a12cab56ce872744d2d7e144ce")]
    [InlineData("status.Response", "1d066f35cb425ee5a3b746afc2ca0f57")]
    [InlineData("status.CheckConnectivity", "dbdf359cdc28510188a1935ca23c5f2f")]
    [InlineData("status.CheckConnectivityReply", "1a0279730ce05347aaf82030e297503d")]
    [InlineData("messaging.ContactNodes", "59cf19cde5675b52bac99d98db0f2fa7")]
    [InlineData("messaging.Done", "ee09787c8c6050838ce47a71c190b9db")]
    [InlineData("skipchain.SkipBlock", "0e3e2be49e6550e2b62766de925856de")]
    [InlineData("skipchain.SkipBlockFix", "3633af0177ed512681b5a8cee3e1b9b3")]
    [InlineData("skipchain.Storage", "edc5791a3a1a54e5945d4acd32b3ba50")]
    [InlineData("skipchain.StoreSkipBlock", "519619661c2950069e77acadd91e9e6d")]
    [InlineData("skipchain.StoreSkipBlockReply", "2625142d25df5b06aa2e88efde0c412d")]
    [InlineData("skipchain.GetUpdateChain", "ca944582233551d59c562e4b55959303")]
    [InlineData("skipchain.GetUpdateChainReply", "596924c778f650b8b51b2c8bda068727")]
    [InlineData("skipchain.GetSingleBlock", "5b3872570ffa5181827e1e4219ce3c78")]
    [InlineData("skipchain.GetAllSkipChainIDs", "d9e72aaa34df53019b7a96874cd1934a")]
    [InlineData("skipchain.GetAllSkipChainIDsReply", "5bc4c84cf6055b9084e62b5760323c4a")]
    [InlineData("skipchain.OptimizeProofRequest", "f1de4c3df0975e6393cc1548fd64216e")]
    [InlineData("skipchain.OptimizeProofReply", "33b7fe170a3252dd9f4679accf5e7ad5")]
    [InlineData("skipchain.ForwardSignature", "5a265a375ef75b78a8103b1e485f84e6")]
    [InlineData("skipchain.ForwardSignatureReply", "496a9ab7f20d515da0994e8cd88e9b90")]
    [InlineData("skipchain.PropagateGenesis", "4bf0f40fd5b953a9a60e1a25d2aa55ee")]
    [InlineData("skipchain.PropagateForwardLink", "a92f6551aa535b6faa1becde4ce23b1c")]
    [InlineData("skipchain.PropagateProof", "3fe936693f865317bad307692c0895bf")]
    [InlineData("skipchain.ProtoExtendRoster", "a8a68b7b918356b69ce0333776a166b0")]
    [InlineData("skipchain.ProtoExtendRosterReply", "bb6cd0d0ac0b5a5c84a5279f0fc266a6")]
    [InlineData("skipchain.ProtoGetBlocks", "f5d590e57e975b808873b1c4be1c7526")]
    [InlineData("skipchain.ProtoGetBlocksReply", "66ccb2a660245fbabf7d75495be8259e")]
    [InlineData("messaging.PropagateSendData", "bf60efedac355edcbb779fc09caef6a9")]
    [InlineData("messaging.PropagateReply", "0afe18ac05c957eb835ab3fdfd2db54f")]
    [InlineData("protocol.Announcement", "7d7fbd8bd44155e39778adf5b1287252")]
    [InlineData("protocol.Response", "638a1db67a695675bfd86425432ea2df")]
    [InlineData("protocol.Stop", "9d8b4bf59a8a5ea79bfda30dbb7e4be8")]
    [InlineData("skipchain.ForwardLink", "95b1d001d3575d3182b90ef8aea63638")]
    [InlineData("skipchain.GetSingleBlockByIndex", "f3843fee20c15143b24fae915efb6614")]
    [InlineData("skipchain.GetSingleBlockByIndexReply", "2fa0618258315dd28eeb9e1fb14d1d18")]
    [InlineData("protocol.Refusal", "8033df03168459cfaad591226e2aab64")]
    public void TypeIdOfGoTypeString(string goType, string hex) =>
        Assert.Equal(hex, Convert.ToHexStringLower(MessageTypeId.Of(goType).ToByteArray()));

    public static TheoryData<Type, string> Classes => new()
    {
        { typeof(ServerIdentity), "7b9e136cc4885963a0b48201b31a1975" },
        { typeof(ProtocolMsg), "2dae95c7320b5caea322e3cc2bfd21a2" },
        { typeof(RequestTree), "17896f9a54e958e2a90dbe2978cdacb2" },
        { typeof(ResponseTree), "6f059182cba45f199c5c7dab7875cd33" },
        { typeof(TreeMarshal), "d73e44bb6a8d5399917c594232f0a580" },
        { typeof(RequestRoster), "1682b1ca6b285201ae09a0e1a4161b98" },
        { typeof(Roster), "ccbba80fdd405c3e90748604a0921e9e" },
        { typeof(ConfigMsg), "a1c5eca31899578fab3c79bcbd1a23df" },
        { typeof(GenericConfig), "2cb9b5c819665236944719454b4c6bbc" },
        { typeof(OverlayMsg), "9c4bffb038365c948cd747b9a587de93" },
        { typeof(OnetStatus), "2320c4ac3ede567ba9ff83c18f1b5c3f" },
        { typeof(StatusRequest), "313c89a12cab56ce872744d2d7e144ce" },
        { typeof(StatusResponse), "1d066f35cb425ee5a3b746afc2ca0f57" },
        { typeof(CheckConnectivity), "dbdf359cdc28510188a1935ca23c5f2f" },
        { typeof(CheckConnectivityReply), "1a0279730ce05347aaf82030e297503d" },
        { typeof(ContactNodes), "59cf19cde5675b52bac99d98db0f2fa7" },
        { typeof(Done), "ee09787c8c6050838ce47a71c190b9db" },
    };

    [Theory]
    [MemberData(nameof(Classes))]
    public void TypeIdOfMessageClass(Type type, string hex) =>
        Assert.Equal(hex, Convert.ToHexStringLower(MessageTypeId.Of(type).ToByteArray()));

    [Fact]
    public void GenericOverloadAgrees() =>
        Assert.Equal(MessageTypeId.Of("onet.Token"), MessageTypeId.Of<Token>());

    [Theory]
    [InlineData("SkipchainBDNNew", "005e8281-5ec7-3bf0-a2e6-bada7be2d731")]
    [InlineData("SkipchainBDNNew_cosi_prep", "0d3d55c1-9ac2-3018-8b1f-2678409b5113")]
    [InlineData("SkipchainBDNNew_subcosi_prep", "eb922e3f-78eb-3885-a934-2a1d8ff6cd33")]
    [InlineData("SkipchainBDNNew_cosi_commit", "de35e39c-3e48-3ba3-b4c2-3bd1458ba823")]
    [InlineData("SkipchainBDNNew_subcosi_commit", "78a51445-e0a5-3019-9877-0d2fe6b5e31f")]
    [InlineData("SkipchainBDNFollow", "32e2ca8c-648d-3dfc-a511-8532a3a1d911")]
    [InlineData("SkipchainBDNFollow_cosi_prep", "c957337e-8af5-3f0a-afac-6bd15223c8fc")]
    [InlineData("SkipchainBDNFollow_subcosi_prep", "70c1782a-7884-3e15-8ee7-a50cb6021588")]
    [InlineData("SkipchainBDNFollow_cosi_commit", "edbbbf29-f4cd-38c0-87b1-204a956fa9da")]
    [InlineData("SkipchainBDNFollow_subcosi_commit", "261df122-343b-3fa2-9a40-d37ddd3570ed")]
    [InlineData("SkipchainBFTNew", "7574bea4-46ac-369d-82ae-c97ed1a8dd51")]
    [InlineData("SkipchainBFTNew_cosi_prep", "004c272c-0c87-3919-95a5-93cd1c0edc5e")]
    [InlineData("SkipchainBFTNew_subcosi_prep", "c3285d54-03ac-3726-a1b1-c54368ac082a")]
    [InlineData("SkipchainBFTNew_cosi_commit", "2851830f-cfa6-3005-bc81-778a3f429622")]
    [InlineData("SkipchainBFTNew_subcosi_commit", "8e9b305d-63b2-36dc-bad9-62f870d7abfa")]
    [InlineData("SkipchainBFTFollow", "2c5c4209-5f3e-3805-9b69-04a0a9ddbe5a")]
    [InlineData("SkipchainBFTFollow_cosi_prep", "4cc27e4b-c62d-3eab-971d-d0f4b1124c5b")]
    [InlineData("SkipchainBFTFollow_subcosi_prep", "4cb4116e-b938-39a3-a92a-ac26301cbffa")]
    [InlineData("SkipchainBFTFollow_cosi_commit", "ff2a2d28-7a47-323e-b2e4-d1043f868bad")]
    [InlineData("SkipchainBFTFollow_subcosi_commit", "91e1185b-caac-3a86-bbbc-42df5e86cfa0")]
    [InlineData("SkipchainPropagate", "357a62ee-c495-365b-9aed-e781d5a8285e")]
    [InlineData("SkipchainPropagateFL", "9934e207-305c-33e8-84bc-61783c90a20a")]
    [InlineData("SkipchainPropagateProof", "a238d4fd-d912-36bb-bcc5-709122b3452d")]
    [InlineData("scExtendRoster", "324d4101-3ab7-3672-a985-43b9ec56a82e")]
    [InlineData("scGetBlocks", "15533989-b358-3b71-b454-4558037237a3")]
    [InlineData("Broadcast", "59af9e1e-79cc-301b-b2b4-bbfe989bac36")]
    [InlineData("blsCoSiProtoDefault", "522a1bad-ed6f-3326-bbef-36fe2a859cf1")]
    [InlineData("blsSubCoSiProtoDefault", "9941c053-dc08-359f-8a68-d00fee072378")]
    [InlineData("bdnCoSiProto", "3502137c-1025-3b1c-ac48-b67990cf6716")]
    [InlineData("bdnSubCosiProto", "a3d5b463-3b48-339e-9360-8ae4c64091e7")]
    public void ProtocolIds(string name, string id) => Assert.Equal(id, OnetIds.ProtocolId(name).ToString());

    [Theory]
    [InlineData("Status", "51d139b4-ed96-542c-886a-72e4ba7673b2")]
    [InlineData("Skipchain", "b993d924-26b0-5d8e-b7b7-78fb9efd2da1")]
    [InlineData("ByzCoin", "14b74055-89f3-5031-aa63-a2839dbfdbdd")]
    [InlineData("blsCoSiService", "cfbcb797-a6f0-56b1-b586-ccdbd16552fa")]
    public void ServiceIds(string name, string id) => Assert.Equal(id, OnetIds.ServiceId(name).ToString());
}
