using Conode.Cosi;
using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;
using Conode.Network;

namespace Conode.Grains.Cosi;

/// <summary>
/// The keys a roster signs with in one ByzCoinX family (Go's <c>TreeNodeInstance.Publics()</c>): each member's
/// bn256 key of the family's service, in roster order, and the aggregation and checks of the family's scheme.
/// </summary>
public sealed class CosiKeys
{
    public CosiKeys(SignatureScheme scheme, IReadOnlyList<G2Point> publics)
    {
        if (publics.Count == 0)
        {
            throw new ArgumentException("no public keys", nameof(publics));
        }
        Scheme = scheme;
        Publics = publics;
    }

    public SignatureScheme Scheme { get; }

    public IReadOnlyList<G2Point> Publics { get; }

    public int Count => Publics.Count;

    /// <summary>The keys of <paramref name="roster"/> for <paramref name="protocol"/>.</summary>
    /// <exception cref="InvalidDataException">A member has no bn256 key for the family's service.</exception>
    public static CosiKeys FromRoster(Roster roster, CosiProtocol protocol) =>
        new(protocol.Scheme, roster.List.Select(member => member.ServicePublicKey(protocol.Service)
            ?? throw new InvalidDataException($"roster member {member.Address} has no valid bn256 {protocol.Service} key")).ToList());

    /// <summary>
    /// A participation mask of this roster decoded from a peer's bytes; null when the length is wrong (Go's
    /// <c>SetMask</c> error).
    /// </summary>
    public ParticipationMask? TryMask(byte[] mask)
    {
        try
        {
            return ParticipationMask.FromBytes(mask, Count);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Go's per-signer <c>Verify</c> (the same plain BLS pairing check in both schemes), remembered per process.</summary>
    public bool VerifyIndividual(int index, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        CosiVerificationCache.VerifyIndividual(Publics[index], message, signature);

    /// <summary>
    /// Aggregates individual signatures by roster index (Go's <c>Aggregate</c>): a plain point sum for BLS,
    /// Σ (c_i + 1)·σ_i for BDN with the coefficients of the whole roster. No signature gives the identity point.
    /// </summary>
    /// <exception cref="FormatException">A signature is not a G1 point.</exception>
    public G1Point Aggregate(IReadOnlyDictionary<int, byte[]> signatures)
    {
        if (Scheme == SignatureScheme.Bls)
        {
            return Bls.AggregateSignatures(signatures.Values.Select(s => G1Point.Unmarshal(s)));
        }
        var mask = ParticipationMask.FromIndices(Count, signatures.Keys);
        var ordered = mask.Enabled.Select(i => signatures[i]).ToList();
        return ordered.Count == 0 ? G1Point.Infinity : Bdn.AggregateSignatures(Publics, mask, ordered);
    }

    /// <summary>Go's <c>BlsSignature.Verify</c>/<c>BdnSignature.Verify</c> with the threshold policy T(n).</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, out string error) =>
        CosiSignature.Verify(Scheme, Publics, message, signature, out error);
}
