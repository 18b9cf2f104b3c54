using System.Security.Cryptography;
using Conode.Crypto.Bn256;

namespace Conode.Crypto.Bls;

/// <summary>
/// What this process already knows about collective signatures: the pairing checks that passed, and the BDN weights
/// of recent rosters. A conode checks the same forward link several times — the leader after its signing round and
/// again when it stores the link, a cosigner when a higher-level round offers links it stored, every walk of a
/// chain — and each check is a pairing; a repeat costs a SHA-256 instead. Only passed checks are kept, under a digest
/// of everything that decided them (scheme, keys in order, message, signature with its mask), so a verdict can never
/// be reused for other inputs; the policy is checked every time. Both tables are bounded: when full they start over.
/// </summary>
public static class CosiVerificationCache
{
    /// <summary>First byte of an individual signature's digest; collective ones start with their scheme (0 or 1).</summary>
    private const byte IndividualTag = 0xFF;

    private static readonly BoundedMemo<Digest, bool> Verdicts = new(capacity: 4096);
    private static readonly BoundedMemo<Digest, BdnRoster> Rosters = new(capacity: 64);

    /// <summary>Forgets the passed checks (for benchmarks and tests of the uncached work).</summary>
    public static void ForgetVerdicts() => Verdicts.Clear();

    /// <summary>Forgets the passed checks and the rosters' BDN data.</summary>
    public static void Clear()
    {
        Verdicts.Clear();
        Rosters.Clear();
    }

    /// <summary>The digest of a roster's keys in order; the key of <see cref="BdnRosterOf"/>.</summary>
    internal static Digest KeysDigest(IReadOnlyList<G2Point> keys)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var key in keys)
        {
            hash.AppendData(key.MarshalBinary());
        }
        return new Digest(hash.GetHashAndReset());
    }

    /// <summary>The digest under which a passed pairing check of this signature is remembered.</summary>
    internal static Digest VerdictDigest(SignatureScheme scheme, Digest keys, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        VerdictDigest((byte)scheme, keys.Bytes, message, signature);

    /// <summary>SHA-256 over a tag (the scheme, or <see cref="IndividualTag"/>), the lengths and the inputs of a check.</summary>
    private static Digest VerdictDigest(byte tag, ReadOnlySpan<byte> keys, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[9];
        header[0] = tag;
        BitConverter.TryWriteBytes(header[1..5], message.Length);
        BitConverter.TryWriteBytes(header[5..9], signature.Length);
        hash.AppendData(header);
        hash.AppendData(keys);
        hash.AppendData(message);
        hash.AppendData(signature);
        return new Digest(hash.GetHashAndReset());
    }

    internal static bool Passed(Digest verdict) => Verdicts.TryGetValue(verdict, out _);

    /// <summary>
    /// <see cref="Bls.Verify(G2Point, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> of one member's signature, remembered:
    /// BLS signatures are deterministic, so in ByzCoinX's commit round a subleader gets from each leaf the very
    /// signature it checked in the prepare round.
    /// </summary>
    public static bool VerifyIndividual(G2Point publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        var verdict = VerdictDigest(IndividualTag, publicKey.MarshalBinary(), message, signature);
        if (Passed(verdict))
        {
            return true;
        }
        if (!Bls.Verify(publicKey, message, signature))
        {
            return false;
        }
        RecordPassed(verdict);
        return true;
    }

    internal static void RecordPassed(Digest verdict) => Verdicts.Add(verdict, true);

    /// <summary>The BDN data of the roster with these keys, computed once while it is remembered.</summary>
    internal static BdnRoster BdnRosterOf(Digest keys, IReadOnlyList<G2Point> publics) =>
        Rosters.GetOrAdd(keys, static keys => new BdnRoster(keys), publics);

    /// <summary>A SHA-256 value with value equality.</summary>
    internal readonly record struct Digest(byte[] Bytes)
    {
        public bool Equals(Digest other) => Bytes.AsSpan().SequenceEqual(other.Bytes);

        public override int GetHashCode() => BitConverter.ToInt32(Bytes, 0);
    }
}
