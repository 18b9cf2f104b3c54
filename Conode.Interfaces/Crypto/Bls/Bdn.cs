using Conode.Crypto.Bn256;
using Org.BouncyCastle.Crypto.Digests;

namespace Conode.Crypto.Bls;

/// <summary>
/// kyber <c>sign/bdn</c> (Boneh–Drijvers–Neven): BLS signatures whose aggregation weights member i by
/// c_i + 1, where the c_i come from BLAKE2Xs over the whole roster. That defeats rogue-key attacks.
/// Signing and single verification are plain BLS.
/// </summary>
public static class Bdn
{
    public static byte[] Sign(Scalar privateKey, ReadOnlySpan<byte> message) => Bls.Sign(privateKey, message);

    public static bool Verify(G2Point aggregatePublicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Bls.Verify(aggregatePublicKey, message, signature);

    /// <summary>
    /// c_i for every roster key: BLAKE2Xs (unknown output length, no key) over enc(X_0) ‖ … ‖ enc(X_{n−1}),
    /// 16 bytes per key read little-endian and, as Go does, reduced mod 2^128 − 1.
    /// </summary>
    public static UInt128[] Coefficients(IReadOnlyList<G2Point> roster)
    {
        var xof = new Blake2xsDigest(Blake2xsDigest.UnknownDigestLength);
        foreach (var key in roster)
        {
            var enc = key.MarshalBinary();
            xof.BlockUpdate(enc, 0, enc.Length);
        }
        var output = new byte[16 * roster.Count];
        xof.OutputFinal(output, 0, output.Length);
        var c = new UInt128[roster.Count];
        for (var i = 0; i < c.Length; i++)
        {
            var v = System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(output.AsSpan(16 * i, 16));
            c[i] = v == UInt128.MaxValue ? UInt128.Zero : v;
        }
        return c;
    }

    /// <summary>Σ_{i ∈ mask} (c_i + 1)·X_i.</summary>
    public static G2Point AggregatePublicKeys(IReadOnlyList<G2Point> roster, ParticipationMask mask)
    {
        CheckMask(roster, mask);
        var c = Coefficients(roster);
        var enabled = mask.Enabled.ToArray();
        return new G2Point(WeightedSum(enabled.Select(i => roster[i].P).ToArray(), enabled.Select(i => c[i]).ToArray()));
    }

    /// <summary>
    /// Σ (c_i + 1)·σ_i over the enabled members; <paramref name="signatures"/> holds the 64-byte signatures
    /// of the enabled members in roster order (as Go's <c>bdn.AggregateSignatures</c>).
    /// </summary>
    public static G1Point AggregateSignatures(IReadOnlyList<G2Point> roster, ParticipationMask mask, IReadOnlyList<byte[]> signatures)
    {
        CheckMask(roster, mask);
        var enabled = mask.Enabled.ToArray();
        if (signatures.Count != enabled.Length)
        {
            throw new ArgumentException($"{signatures.Count} signatures for {enabled.Length} enabled members", nameof(signatures));
        }
        var c = Coefficients(roster);
        return new G1Point(WeightedSum(signatures.Select(s => G1Point.Unmarshal(s).P).ToArray(), enabled.Select(i => c[i]).ToArray()));
    }

    /// <summary>(c + 1)·X for one member.</summary>
    internal static G2Point Weighted(G2Point publicKey, UInt128 coefficient) =>
        new(WeightedSum([publicKey.P], [coefficient]));

    private static void CheckMask(IReadOnlyList<G2Point> roster, ParticipationMask mask)
    {
        if (mask.Count != roster.Count)
        {
            throw new ArgumentException($"mask covers {mask.Count} keys, roster has {roster.Count}", nameof(mask));
        }
    }

    /// <summary>Σ (c_i + 1)·P_i with shared doublings (public weights, variable time).</summary>
    private static Jacobian<T> WeightedSum<T>(Jacobian<T>[] points, UInt128[] coefficients) where T : unmanaged, IField<T>
    {
        var weights = new ulong[points.Length][];
        for (var i = 0; i < points.Length; i++)
        {
            // c_i ≤ 2^128 − 2 after the reduction, so c_i + 1 still fits in 128 bits.
            var w = coefficients[i] + 1;
            weights[i] = [(ulong)w, (ulong)(w >> 64)];
        }
        return Jacobian<T>.MultiplySum(points, weights);
    }
}
