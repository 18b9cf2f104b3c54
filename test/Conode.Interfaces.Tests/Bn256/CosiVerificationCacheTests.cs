using System.Numerics;
using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;
using Xunit;

namespace Conode.Interfaces.Tests.Bn256;

/// <summary>
/// A signature checked a second time takes its verdict from <see cref="CosiVerificationCache"/>: these tests check
/// that a remembered pass never stands in for other inputs and that the policy is still applied.
/// </summary>
public sealed class CosiVerificationCacheTests
{
    private static readonly byte[] Message = "forward link"u8.ToArray();

    private static (G2Point[] Keys, byte[] Signature) SignedByFirst(int count, int signers)
    {
        var secrets = Enumerable.Range(0, count).Select(_ => Scalar.Random()).ToArray();
        var keys = secrets.Select(s => G2Point.Base.Mul(s)).ToArray();
        var mask = ParticipationMask.FromIndices(count, Enumerable.Range(0, signers));
        var aggregate = Bdn.AggregateSignatures(keys, mask, [.. secrets.Take(signers).Select(s => Bdn.Sign(s, Message))]);
        return (keys, CosiSignature.Encode(aggregate, mask));
    }

    [Fact]
    public void A_verified_signature_verifies_again_and_no_altered_input_inherits_its_verdict()
    {
        var (keys, signature) = SignedByFirst(4, 4);
        Assert.True(CosiSignature.Verify(SignatureScheme.Bdn, keys, Message, signature, out _));
        Assert.True(CosiSignature.Verify(SignatureScheme.Bdn, keys, Message, signature, out _));

        var otherPoint = (byte[])signature.Clone();
        otherPoint[10] ^= 1;
        Assert.False(CosiSignature.Verify(SignatureScheme.Bdn, keys, Message, otherPoint, out _));
        Assert.False(CosiSignature.Verify(SignatureScheme.Bdn, keys, "another link"u8, signature, out _));
        Assert.False(CosiSignature.Verify(SignatureScheme.Bdn, [keys[1], keys[0], keys[2], keys[3]], Message, signature, out _));
        Assert.False(CosiSignature.Verify(SignatureScheme.Bls, keys, Message, signature, out _));
        var fewerSigners = (byte[])signature.Clone();
        fewerSigners[^1] = ParticipationMask.FromIndices(4, [0, 1, 2]).ToBytes()[0];
        Assert.False(CosiSignature.Verify(SignatureScheme.Bdn, keys, Message, fewerSigners, out var error));
        Assert.Equal("didn't get a valid signature", error);
    }

    [Fact]
    public void An_individual_signature_verified_once_verifies_again_and_only_for_its_key_and_message()
    {
        var secret = Scalar.Random();
        var key = G2Point.Base.Mul(secret);
        var signature = Bls.Sign(secret, Message);
        Assert.True(CosiVerificationCache.VerifyIndividual(key, Message, signature));
        Assert.True(CosiVerificationCache.VerifyIndividual(key, Message, signature));
        Assert.False(CosiVerificationCache.VerifyIndividual(G2Point.Base.Mul(Scalar.Random()), Message, signature));
        Assert.False(CosiVerificationCache.VerifyIndividual(key, "another link"u8, signature));
        signature[5] ^= 1;
        Assert.False(CosiVerificationCache.VerifyIndividual(key, Message, signature));
    }

    [Fact]
    public void The_policy_is_checked_on_a_remembered_verdict()
    {
        var (keys, signature) = SignedByFirst(4, 2);
        Assert.True(CosiSignature.Verify(SignatureScheme.Bdn, keys, Message, signature, new ThresholdPolicy(2), out _));
        Assert.False(CosiSignature.Verify(SignatureScheme.Bdn, keys, Message, signature, out var error));
        Assert.Equal("the policy is not fulfilled: 2 signers", error);
    }

    [Fact]
    public void Verdicts_hold_after_the_cache_is_cleared()
    {
        var (keys, signature) = SignedByFirst(3, 3);
        Assert.True(CosiSignature.Verify(SignatureScheme.Bdn, keys, Message, signature, out _));
        CosiVerificationCache.Clear();
        Assert.True(CosiSignature.Verify(SignatureScheme.Bdn, keys, Message, signature, out _));
        signature[0] ^= 1;
        Assert.False(CosiSignature.Verify(SignatureScheme.Bdn, keys, Message, signature, out _));
    }

    [Fact]
    public void A_decoded_key_encodes_canonically_even_from_unreduced_coordinates()
    {
        // A key whose x.im leaves room for x.im + p in 32 bytes: the same point written with an unreduced coordinate.
        var (encoded, xIm) = Enumerable.Range(2, 50)
            .Select(k => G2Point.Base.Mul(Scalar.FromBigInteger(k)).MarshalBinary())
            .Select(bytes => (bytes, new BigInteger(bytes.AsSpan(0, 32), isUnsigned: true, isBigEndian: true) + Fp.Modulus))
            .First(c => c.Item2.GetByteCount(isUnsigned: true) <= 32);
        Assert.Equal(encoded, G2Point.Unmarshal(encoded).MarshalBinary());
        var unreduced = (byte[])encoded.Clone();
        Assert.True(xIm.TryWriteBytes(unreduced.AsSpan(0, 32), out _, isUnsigned: true, isBigEndian: true));
        Assert.Equal(encoded, G2Point.Unmarshal(unreduced).MarshalBinary());
    }
}
