namespace Conode.Crypto.Bls;

/// <summary>kyber <c>sign.Policy</c>: whether a participation mask has enough signers.</summary>
public interface ISignaturePolicy
{
    bool Check(ParticipationMask mask);
}

/// <summary>At least <see cref="Threshold"/> signers.</summary>
public sealed record ThresholdPolicy(int Threshold) : ISignaturePolicy
{
    /// <summary>cothority's default: n − ⌊(n − 1)/3⌋ signers, i.e. fewer than a third may be missing.</summary>
    public static ThresholdPolicy Default(int rosterSize) => new(DefaultThreshold(rosterSize));

    public static int DefaultThreshold(int rosterSize) => rosterSize - (rosterSize - 1) / 3;

    public bool Check(ParticipationMask mask) => mask.CountEnabled >= Threshold;
}

/// <summary>Every roster member must have signed.</summary>
public sealed record CompletePolicy : ISignaturePolicy
{
    public bool Check(ParticipationMask mask) => mask.CountEnabled == mask.Count;
}
