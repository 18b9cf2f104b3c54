using Conode.Crypto.Bls;
using Conode.Network;

namespace Conode.Services.Skipchain;

/// <summary>Names, IDs and fixed parameters of the Skipchain service (cothority-services.md §6.11, §7.1, §11.5).</summary>
public static class SkipchainConstants
{
    public const string ServiceName = "Skipchain";

    /// <summary>b993d924-26b0-5d8e-b7b7-78fb9efd2da1; carried in every protocol token of the service.</summary>
    public static Uuid ServiceId { get; } = OnetIds.ServiceId(ServiceName);

    /// <summary>The only verifier of the stock conode: uuid5(URL namespace, "Base") = a7f6cdb7-47f8-56b4-aff5-ece35a882489.</summary>
    public static Uuid VerifyBase { get; } = Uuid.V5("Base");

    /// <summary>Go's VerificationStandard, what Go callers put in a genesis block's VerifierIds.</summary>
    public static IReadOnlyList<Uuid> VerificationStandard { get; } = [VerifyBase];

    /// <summary>ByzCoinX over BDN (scheme 1): level-0 links.</summary>
    public const string BdnNewBlockProtocol = "SkipchainBDNNew";

    /// <summary>ByzCoinX over BDN (scheme 1): higher-level links.</summary>
    public const string BdnFollowBlockProtocol = "SkipchainBDNFollow";

    /// <summary>ByzCoinX over plain BLS (scheme 0, legacy chains): level-0 links.</summary>
    public const string BftNewBlockProtocol = "SkipchainBFTNew";

    /// <summary>ByzCoinX over plain BLS (scheme 0, legacy chains): higher-level links.</summary>
    public const string BftFollowBlockProtocol = "SkipchainBFTFollow";

    /// <summary>Suffixes byzcoinx appends to a ByzCoinX name for its four collective-signing protocols.</summary>
    public const string CosiPrepareSuffix = "_cosi_prep";

    public const string SubCosiPrepareSuffix = "_subcosi_prep";

    public const string CosiCommitSuffix = "_cosi_commit";

    public const string SubCosiCommitSuffix = "_subcosi_commit";

    /// <summary>Propagation of <see cref="Skipchain.PropagateGenesis"/>.</summary>
    public const string PropagateGenesisProtocol = "SkipchainPropagate";

    /// <summary>Propagation of <see cref="Skipchain.PropagateForwardLink"/>.</summary>
    public const string PropagateForwardLinkProtocol = "SkipchainPropagateFL";

    /// <summary>Propagation of <see cref="Skipchain.PropagateProof"/>.</summary>
    public const string PropagateProofProtocol = "SkipchainPropagateProof";

    /// <summary>Roster acceptance (§6.9.3).</summary>
    public const string ExtendRosterProtocol = "scExtendRoster";

    /// <summary>Block fetching (§6.8).</summary>
    public const string GetBlocksProtocol = "scGetBlocks";

    /// <summary>Propagation timeout; also the ByzCoinX timeout and how long scGetBlocks waits.</summary>
    public static TimeSpan PropagationTimeout { get; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the scExtendRoster root keeps collecting after the first reply.</summary>
    public static TimeSpan ExtendRosterReplyWindow { get; } = TimeSpan.FromSeconds(1);

    /// <summary>How long refreshing a followed chain's latest block may take.</summary>
    public static TimeSpan FollowRefreshTimeout { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Key of the saved <see cref="SkipchainStorage"/> in the service's database.</summary>
    public const string StorageKey = "skipchainconfig";

    public const int DatabaseVersion = 1;

    /// <summary>The ByzCoinX driver and its four collective-signing protocols for one base name.</summary>
    public static IReadOnlyList<string> ByzCoinXProtocolNames(string baseName) =>
    [
        baseName, baseName + CosiPrepareSuffix, baseName + SubCosiPrepareSuffix,
        baseName + CosiCommitSuffix, baseName + SubCosiCommitSuffix,
    ];

    /// <summary>Every protocol the Skipchain service registers (25 names).</summary>
    public static IReadOnlyList<string> ProtocolNames { get; } =
    [
        .. ByzCoinXProtocolNames(BdnNewBlockProtocol), .. ByzCoinXProtocolNames(BdnFollowBlockProtocol),
        .. ByzCoinXProtocolNames(BftNewBlockProtocol), .. ByzCoinXProtocolNames(BftFollowBlockProtocol),
        PropagateGenesisProtocol, PropagateForwardLinkProtocol, PropagateProofProtocol,
        ExtendRosterProtocol, GetBlocksProtocol,
    ];

    /// <summary>
    /// Go's SignatureProtocol: the ByzCoinX names that sign links leaving a block of <paramref name="scheme"/>
    /// (level 0, higher levels); null for an unknown scheme.
    /// </summary>
    public static (string NewBlock, string FollowBlock)? SignatureProtocols(uint scheme) => scheme switch
    {
        (uint)SignatureScheme.Bls => (BftNewBlockProtocol, BftFollowBlockProtocol),
        (uint)SignatureScheme.Bdn => (BdnNewBlockProtocol, BdnFollowBlockProtocol),
        _ => null,
    };
}
