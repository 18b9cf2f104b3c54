using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;

namespace Conode.Benchmarks;

/// <summary>
/// bn256, BLS and BDN operations next to two machine baselines (one GF(p) product, one SHA-256 of
/// 64 bytes), so the figures can be compared across machines. Go kyber v3 figures are in docs/performance.md.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class Bn256Benchmarks
{
    private readonly Scalar k = Scalar.Random();
    private readonly byte[] message = "benchmark message for BLS"u8.ToArray();
    private readonly byte[] block = new byte[64];
    private G1Point p = null!;
    private G2Point q = null!;
    private G2Point publicKey = null!;
    private Scalar privateKey = null!;
    private byte[] signature = null!;
    private G2Point[] roster = null!;
    private ParticipationMask mask = null!;
    private byte[] collective = null!;
    private BdnRoster cachedRoster = null!;
    private Fp fa, fb;

    [GlobalSetup]
    public void Setup()
    {
        p = G1Point.Base.Mul(Scalar.Random());
        q = G2Point.Base.Mul(Scalar.Random());
        var kp = Bn256KeyPair.Generate();
        privateKey = kp.Private;
        publicKey = G2Point.Unmarshal(kp.Public.MarshalBinary());
        signature = Bls.Sign(privateKey, message);
        var keys = Enumerable.Range(0, 21).Select(_ => Bn256KeyPair.Generate()).ToArray();
        // A conode's roster keys come from the wire or a toml file, i.e. decoded (affine) points.
        roster = keys.Select(x => G2Point.Unmarshal(x.Public.MarshalBinary())).ToArray();
        mask = ParticipationMask.All(roster.Length);
        var aggregate = Bdn.AggregateSignatures(roster, mask, keys.Select(x => Bdn.Sign(x.Private, message)).ToArray());
        collective = CosiSignature.Encode(aggregate, mask);
        cachedRoster = new BdnRoster(roster);
        fa = Fp.FromBigInteger(12345678901234567);
        fb = Fp.FromBigInteger(98765432109876543);
    }

    [Benchmark(Description = "baseline: GF(p) multiplication")]
    public ulong FpMul() => Fp.Mul(fa, fb).L0;

    [Benchmark(Description = "baseline: SHA-256 of 64 bytes")]
    public byte[] Sha256() => SHA256.HashData(block);

    [Benchmark(Description = "G1 scalar mult (base)")]
    public G1Point G1MulBase() => G1Point.Base.Mul(k);

    [Benchmark(Description = "G1 scalar mult (other point)")]
    public G1Point G1Mul() => p.Mul(k);

    [Benchmark(Description = "G2 scalar mult (base)")]
    public G2Point G2MulBase() => G2Point.Base.Mul(k);

    [Benchmark(Description = "G2 scalar mult (other point)")]
    public G2Point G2Mul() => q.Mul(k);

    [Benchmark(Description = "GT exponentiation")]
    public GtElement GtExp() => GtElement.Base.Mul(k);

    [Benchmark(Description = "pairing")]
    public GtElement Pairing() => Bn256Pairing.Pair(p, q);

    [Benchmark(Description = "multi-pairing of 2")]
    public GtElement MultiPairing2() => Bn256Pairing.PairProduct([(p, q), (G1Point.Base, publicKey)]);

    [Benchmark(Description = "hash-to-G1")]
    public G1Point HashToG1() => G1Point.Hash(message);

    [Benchmark(Description = "BLS sign")]
    public byte[] BlsSign() => Bls.Sign(privateKey, message);

    [Benchmark(Description = "BLS verify")]
    public bool BlsVerify() => Bls.Verify(publicKey, message, signature);

    [Benchmark(Description = "BDN aggregate public key, n = 21")]
    public G2Point BdnAggregate21() => Bdn.AggregatePublicKeys(roster, mask);

    [Benchmark(Description = "BDN aggregate key + verify, n = 21")]
    public bool BdnAggregateVerify21()
    {
        CosiVerificationCache.Clear();
        return CosiSignature.Verify(SignatureScheme.Bdn, roster, message, collective, out _);
    }

    [Benchmark(Description = "BDN verify with a cached roster, n = 21")]
    public bool BdnVerifyCached21()
    {
        CosiVerificationCache.ForgetVerdicts();
        return CosiSignature.Verify(cachedRoster, message, collective, ThresholdPolicy.Default(21), out _);
    }

    [Benchmark(Description = "BDN verify of a signature this process verified before, n = 21")]
    public bool BdnVerifyAgain21() => CosiSignature.Verify(SignatureScheme.Bdn, roster, message, collective, out _);
}
