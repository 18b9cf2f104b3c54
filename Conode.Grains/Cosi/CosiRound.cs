using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;

namespace Conode.Grains.Cosi;

/// <summary>
/// The leader's count of one round (Go's <c>BlsCosi.collectSignatures</c>, cothority-services.md §7.4): each
/// subtree's response adds its enabled bits to the signatures and the rest of the subtree to the failures. The
/// round is complete once the others gave T − 1 signatures (the leader's own makes T); it cannot succeed once
/// more than n − T nodes failed.
/// </summary>
public sealed class CosiRound
{
    private readonly Dictionary<int, (G1Point Signature, ParticipationMask Mask)> _responses = [];

    public CosiRound(int rosterSize, int threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rosterSize, 1);
        if (threshold < 1 || threshold > rosterSize)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), $"threshold {threshold} outside 1..{rosterSize}");
        }
        RosterSize = rosterSize;
        Threshold = threshold;
    }

    public int RosterSize { get; }

    public int Threshold { get; }

    public int Signatures { get; private set; }

    public int Failures { get; private set; }

    public bool IsComplete => Signatures >= Threshold - 1;

    public bool CannotSucceed => Failures > RosterSize - Threshold;

    /// <summary>
    /// Counts the response of the subtree led by roster member <paramref name="subleader"/>, which has
    /// <paramref name="subtreeSize"/> nodes besides the leader. False (and nothing counted) when that subleader
    /// already answered, as Go keys its responses by the sender.
    /// </summary>
    public bool Add(int subleader, int subtreeSize, G1Point signature, ParticipationMask mask)
    {
        if (mask.Count != RosterSize)
        {
            throw new ArgumentException($"mask over {mask.Count} members, roster has {RosterSize}", nameof(mask));
        }
        if (!_responses.TryAdd(subleader, (signature, mask)))
        {
            return false;
        }
        var enabled = mask.CountEnabled;
        Signatures += enabled;
        Failures += subtreeSize - enabled;
        return true;
    }

    /// <summary>
    /// Go's <c>generateSignature</c>: the leader's own contribution (already weighted for BDN) added to every
    /// subtree's aggregate, and the masks merged; the result is point ‖ mask.
    /// </summary>
    public byte[] Finish(G1Point leaderSignature, int leaderIndex)
    {
        var signature = leaderSignature;
        var mask = ParticipationMask.FromIndices(RosterSize, [leaderIndex]);
        foreach (var (subtreeSignature, subtreeMask) in _responses.Values)
        {
            signature = signature.Add(subtreeSignature);
            mask = mask.Merge(subtreeMask);
        }
        return CosiSignature.Encode(signature, mask);
    }
}
