using Conode.Crypto.Bls;
using Conode.Overlay;

namespace Conode.Cosi;

/// <summary>
/// The leader's side of one ByzCoinX run (cothority-services.md §7): a prepare round then a commit round of
/// blscosi over a roster, rooted at this node. One grain per run, keyed by a fresh round ID, so a run keeps its
/// state (tree, partial aggregate, mask, deadline) apart from every other run.
/// </summary>
public interface IByzCoinXGrain : IGrainWithStringKey
{
    /// <summary>
    /// Collectively signs <see cref="ByzCoinXRequest.Message"/>; every cosigner checks it with the functions its
    /// service registered for <see cref="ByzCoinXRequest.ProtocolName"/>. Never throws for a failed round: the
    /// outcome says why it failed.
    /// </summary>
    Task<ByzCoinXOutcome> Run(ByzCoinXRequest request);
}

/// <summary>
/// What a service asks to be signed. <paramref name="Roster"/> is the encoded <c>onet.Roster</c> (kyber points do not
/// cross Orleans as objects); this node must be in it and becomes the root. <paramref name="Data"/> is what the
/// check functions receive (Go: network.Marshal of the service's message).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ByzCoinXRequest(
    [property: Id(0)] string ProtocolName,
    [property: Id(1)] byte[] Roster,
    [property: Id(2)] byte[] Message,
    [property: Id(3)] byte[] Data,
    [property: Id(4)] TimeSpan Timeout);

/// <summary>
/// The result: on success <paramref name="Signature"/> is the commit round's aggregate ‖ mask (the <c>Sig</c> of
/// Go's byzcoinx.FinalSignature); otherwise <paramref name="Error"/> says what went wrong.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ByzCoinXOutcome(
    [property: Id(0)] byte[]? Signature,
    [property: Id(1)] string? Error)
{
    public bool Succeeded => Signature is not null;

    public static ByzCoinXOutcome Signed(byte[] signature) => new(signature, null);

    public static ByzCoinXOutcome Failed(string error) => new(null, error);
}

/// <summary>Which round of a ByzCoinX run a cosigner is asked to check.</summary>
public enum CosiPhase
{
    /// <summary>The prepare round: the service verifies the proposal (Go's verification function).</summary>
    Prepare,

    /// <summary>The commit round: the service acknowledges what it verified in the prepare round.</summary>
    Commit,
}

/// <summary>
/// One node's part (leader, subleader or leaf) in one blscosi sub-protocol instance, <c>N_subcosi_prep</c> or
/// <c>N_subcosi_commit</c>: the only instances that exchange messages (§7.1). Keyed, like every protocol
/// instance, by the TokenID of this node's token.
/// </summary>
public interface ISubCosiGrain : IProtocolInstanceGrain
{
    /// <summary>
    /// The leader's side (this node is the subtree's root): sends <paramref name="lead"/> to the subleader and
    /// returns once it is on its way (or could not be sent); <see cref="SubCosiLead.Timeout"/> runs from here. Split
    /// from <see cref="Answer"/> so that the leader knows when the subtree is at work.
    /// </summary>
    Task Announce(SubCosiLead lead);

    /// <summary>
    /// After <see cref="Announce"/>: the subleader's aggregated response, or null when it did not answer within the
    /// timeout, could not be reached, or <see cref="Stop"/> came first. Either way the subtree is then told to stop.
    /// </summary>
    Task<SubCosiResponse?> Answer();

    /// <summary>Ends a pending <see cref="Answer"/> (the round needs no more answers); harmless when none is pending.</summary>
    Task Stop();
}

/// <summary>
/// What the leader asks one subtree to sign: <paramref name="Root"/> is the leader's token in the sub-instance (its
/// tree must be in the node's <see cref="ITreeGrain"/>); the rest is the blscosi Announcement (§7.4 step 1).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SubCosiLead(
    [property: Id(0)] TokenValue Root,
    [property: Id(1)] byte[] Message,
    [property: Id(2)] byte[] Data,
    [property: Id(3)] TimeSpan Timeout,
    [property: Id(4)] int Threshold);

/// <summary>A subleader's answer: the aggregate of its subtree's signatures (64 bytes) and their mask.</summary>
[GenerateSerializer, Immutable]
public sealed record SubCosiResponse([property: Id(0)] byte[] Signature, [property: Id(1)] byte[] Mask);

/// <summary>
/// A family of ByzCoinX protocols as a service registers it (Go's byzcoinx.InitBFTCoSiProtocol): base name
/// <paramref name="Name"/> gives the five protocol names of §7.1, <paramref name="Scheme"/> the signature scheme.
/// <paramref name="Service"/> is the service whose context registers it (Go's <c>c.ProtocolRegister</c>): its
/// ServiceID goes into every token, and the roster members sign with their key of that service.
/// </summary>
public sealed record CosiProtocol(string Name, SignatureScheme Scheme, string Service = CosiProtocol.SkipchainService)
{
    /// <summary>The only service of a stock v3.4.9 conode that runs ByzCoinX.</summary>
    public const string SkipchainService = "Skipchain";

    public string PrepareName => Name + "_cosi_prep";

    public string CommitName => Name + "_cosi_commit";

    public string SubPrepareName => Name + "_subcosi_prep";

    public string SubCommitName => Name + "_subcosi_commit";
}
