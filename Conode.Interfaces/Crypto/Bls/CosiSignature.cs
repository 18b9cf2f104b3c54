using Conode.Crypto.Bn256;

namespace Conode.Crypto.Bls;

/// <summary>How a skipchain's forward links are collectively signed (skipchain <c>SignatureScheme</c>).</summary>
public enum SignatureScheme
{
    /// <summary>Plain BLS aggregation (legacy BLS CoSi).</summary>
    Bls = 0,

    /// <summary>BDN-weighted aggregation, the default since cothority v3.1.0.</summary>
    Bdn = 1,
}

/// <summary>
/// cothority's collective signature on the wire (<c>BlsSignature</c> / <c>BdnSignature</c>): the aggregate
/// G1 point (64 bytes) followed by the participation mask; without mask bytes every member signed.
/// </summary>
public static class CosiSignature
{
    public static byte[] Encode(G1Point aggregate, ParticipationMask mask) => [.. aggregate.MarshalBinary(), .. mask.ToBytes()];

    /// <summary>The mask carried by a wire signature, or all members if it carries none.</summary>
    public static ParticipationMask GetMask(ReadOnlySpan<byte> signature, int rosterSize)
    {
        if (signature.Length < Bls.SignatureSize)
        {
            throw new FormatException($"collective signature: need at least {Bls.SignatureSize} bytes, got {signature.Length}");
        }
        var maskBytes = signature[Bls.SignatureSize..];
        return maskBytes.IsEmpty ? ParticipationMask.All(rosterSize) : ParticipationMask.FromBytes(maskBytes, rosterSize);
    }

    /// <summary>Verify with cothority's default policy, at least n − ⌊(n − 1)/3⌋ signers.</summary>
    public static bool Verify(SignatureScheme scheme, IReadOnlyList<G2Point> roster, ReadOnlySpan<byte> message,
        ReadOnlySpan<byte> signature, out string error) =>
        Verify(scheme, roster, message, signature, ThresholdPolicy.Default(roster.Count), out error);

    /// <summary>
    /// Go's <c>VerifyWithPolicy</c>: decode the mask, aggregate the enabled members' keys (plainly or with
    /// BDN weights over the whole roster), check the BLS equation, then the policy. On failure
    /// <paramref name="error"/> says why.
    /// </summary>
    public static bool Verify(SignatureScheme scheme, IReadOnlyList<G2Point> roster, ReadOnlySpan<byte> message,
        ReadOnlySpan<byte> signature, ISignaturePolicy policy, out string error) =>
        Verify(scheme, roster, null, message, signature, policy, out error);

    /// <summary>BDN verification with the roster's precomputed weighted keys (same verdicts, less work).</summary>
    public static bool Verify(BdnRoster roster, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature,
        ISignaturePolicy policy, out string error) =>
        Verify(SignatureScheme.Bdn, roster.Publics, roster, message, signature, policy, out error);

    private static bool Verify(SignatureScheme scheme, IReadOnlyList<G2Point> roster, BdnRoster? bdnRoster,
        ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, ISignaturePolicy policy, out string error)
    {
        if (roster.Count == 0)
        {
            error = "no public keys provided";
            return false;
        }
        ParticipationMask mask;
        G1Point aggregate;
        try
        {
            mask = GetMask(signature, roster.Count);
            aggregate = G1Point.Unmarshal(signature);
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
        var keys = CosiVerificationCache.KeysDigest(roster);
        var verdict = CosiVerificationCache.VerdictDigest(scheme, keys, message, signature);
        if (!CosiVerificationCache.Passed(verdict))
        {
            var publicKey = scheme switch
            {
                SignatureScheme.Bls => Bls.AggregatePublicKeys(mask.Enabled.Select(i => roster[i])),
                SignatureScheme.Bdn => (bdnRoster ?? CosiVerificationCache.BdnRosterOf(keys, roster)).AggregatePublicKeys(mask),
                _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "unknown signature scheme"),
            };
            if (!Bls.Verify(publicKey, message, aggregate))
            {
                error = "didn't get a valid signature";
                return false;
            }
            CosiVerificationCache.RecordPassed(verdict);
        }
        if (!policy.Check(mask))
        {
            error = $"the policy is not fulfilled: {mask.CountEnabled} signers";
            return false;
        }
        error = "";
        return true;
    }
}
