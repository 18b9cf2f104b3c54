using Conode.Crypto.Bn256;

namespace Conode.Crypto.Bls;

/// <summary>
/// BDN data that depends only on a roster: the coefficients and every member's weighted key
/// (c_i + 1)·X_i (Go kyber v4 keeps the same in its mask). A conode that checks many forward links signed by
/// one roster builds this once; each aggregate key is then a sum of the enabled members' terms.
/// </summary>
public sealed class BdnRoster
{
    private readonly G2Point[] terms;

    public BdnRoster(IReadOnlyList<G2Point> publics)
    {
        Publics = publics.ToArray();
        Coefficients = Bdn.Coefficients(Publics);
        terms = Publics.Select((x, i) => Bdn.Weighted(x, Coefficients[i])).ToArray();
    }

    public IReadOnlyList<G2Point> Publics { get; }

    public IReadOnlyList<UInt128> Coefficients { get; }

    /// <summary>Σ_{i ∈ mask} (c_i + 1)·X_i, equal to <see cref="Bdn.AggregatePublicKeys"/>.</summary>
    public G2Point AggregatePublicKeys(ParticipationMask mask)
    {
        if (mask.Count != terms.Length)
        {
            throw new ArgumentException($"mask covers {mask.Count} keys, roster has {terms.Length}", nameof(mask));
        }
        return Bls.AggregatePublicKeys(mask.Enabled.Select(i => terms[i]));
    }
}
