using Conode.Interfaces.Tests.Protobuf;
using Conode.Network;
using Conode.Services.Skipchain;

namespace Conode.Interfaces.Tests.Skipchain;

/// <summary>cothority-services.md §11.5: the protocol and service IDs the Skipchain names produce.</summary>
public class SkipchainConstantsTests
{
    /// <summary>The 25 Skipchain protocol IDs of §11.5, in the order <see cref="SkipchainConstants.ProtocolNames"/> lists them.</summary>
    private static readonly string[] ProtocolIds =
    [
        "005e8281-5ec7-3bf0-a2e6-bada7be2d731", "0d3d55c1-9ac2-3018-8b1f-2678409b5113", "eb922e3f-78eb-3885-a934-2a1d8ff6cd33",
        "de35e39c-3e48-3ba3-b4c2-3bd1458ba823", "78a51445-e0a5-3019-9877-0d2fe6b5e31f",
        "32e2ca8c-648d-3dfc-a511-8532a3a1d911", "c957337e-8af5-3f0a-afac-6bd15223c8fc", "70c1782a-7884-3e15-8ee7-a50cb6021588",
        "edbbbf29-f4cd-38c0-87b1-204a956fa9da", "261df122-343b-3fa2-9a40-d37ddd3570ed",
        "7574bea4-46ac-369d-82ae-c97ed1a8dd51", "004c272c-0c87-3919-95a5-93cd1c0edc5e", "c3285d54-03ac-3726-a1b1-c54368ac082a",
        "2851830f-cfa6-3005-bc81-778a3f429622", "8e9b305d-63b2-36dc-bad9-62f870d7abfa",
        "2c5c4209-5f3e-3805-9b69-04a0a9ddbe5a", "4cc27e4b-c62d-3eab-971d-d0f4b1124c5b", "4cb4116e-b938-39a3-a92a-ac26301cbffa",
        "ff2a2d28-7a47-323e-b2e4-d1043f868bad", "91e1185b-caac-3a86-bbbc-42df5e86cfa0",
        "357a62ee-c495-365b-9aed-e781d5a8285e", "9934e207-305c-33e8-84bc-61783c90a20a", "a238d4fd-d912-36bb-bcc5-709122b3452d",
        "324d4101-3ab7-3672-a985-43b9ec56a82e", "15533989-b358-3b71-b454-4558037237a3",
    ];

    [Fact]
    public void EveryProtocolNameGivesGosId() =>
        Assert.Equal(ProtocolIds, SkipchainConstants.ProtocolNames.Select(name => OnetIds.ProtocolId(name).ToString()));

    [Fact]
    public void ServiceIdAndVerifyBase()
    {
        Assert.Equal("b993d924-26b0-5d8e-b7b7-78fb9efd2da1", SkipchainConstants.ServiceId.ToString());
        Assert.Equal("a7f6cdb747f856b4aff5ece35a882489", Hex.Of(SkipchainConstants.VerifyBase.ToByteArray()));
        Assert.Equal([SkipchainConstants.VerifyBase], SkipchainConstants.VerificationStandard);
    }

    [Theory]
    [InlineData(0u, "SkipchainBFTNew", "SkipchainBFTFollow")]
    [InlineData(1u, "SkipchainBDNNew", "SkipchainBDNFollow")]
    public void SignatureProtocolsPerScheme(uint scheme, string newBlock, string followBlock) =>
        Assert.Equal((newBlock, followBlock), SkipchainConstants.SignatureProtocols(scheme));

    [Fact]
    public void UnknownSchemeHasNoProtocols() => Assert.Null(SkipchainConstants.SignatureProtocols(2));
}
