using Conode.Crypto.Bn256;

namespace Conode.Crypto.Bls;

/// <summary>
/// kyber <c>sign/bls</c> on bn256: public key X = sk·G2gen (128 bytes), signature σ = sk·H(msg) in G1
/// (64 bytes), valid iff e(H(msg), X) = e(σ, G2gen).
/// </summary>
public static class Bls
{
    public const int SignatureSize = G1Point.Size;

    /// <summary>
    /// enc(sk·H(msg)). The multiplication by sk has no branch or memory index that depends on sk (GLV split
    /// on limbs, signed digits, table scans; see Endomorphism.Multiply) except the exceptional cases of a
    /// point addition, reached with negligible probability. Hashing is variable time in the public message.
    /// </summary>
    public static byte[] Sign(Scalar privateKey, ReadOnlySpan<byte> message) =>
        G1Point.Hash(message).Mul(privateKey).MarshalBinary();

    /// <summary>
    /// Go's <c>bls.Verify</c>: the signature is decoded from the first 64 bytes (anything after them, such
    /// as a participation mask, is ignored); a malformed signature is rejected. Like Go, infinity is not
    /// rejected, so X = ∞ with σ = ∞ verifies (keys come from the roster, never from the signer).
    /// </summary>
    public static bool Verify(G2Point publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        G1Point sig;
        try
        {
            sig = G1Point.Unmarshal(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        return Verify(publicKey, message, sig);
    }

    public static bool Verify(G2Point publicKey, ReadOnlySpan<byte> message, G1Point signature) =>
        Bn256Pairing.PairProductIsOne([(G1Point.Hash(message), publicKey), (signature.Neg(), G2Point.Base)], recurringQ: true);

    /// <summary>Plain aggregation (legacy BLS CoSi): Σσ_i. Open to rogue-key attacks; new chains use BDN.</summary>
    public static G1Point AggregateSignatures(IEnumerable<G1Point> signatures) =>
        signatures.Aggregate(G1Point.Infinity, (acc, s) => acc.Add(s));

    /// <summary>Plain aggregation of public keys: ΣX_i.</summary>
    public static G2Point AggregatePublicKeys(IEnumerable<G2Point> publicKeys) =>
        publicKeys.Aggregate(G2Point.Infinity, (acc, x) => acc.Add(x));
}
