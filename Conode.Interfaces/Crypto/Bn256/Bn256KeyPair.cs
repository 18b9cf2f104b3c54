namespace Conode.Crypto.Bn256;

/// <summary>
/// A <c>bn256.adapter</c> service key pair (Skipchain, ByzCoin): private scalar sk, public sk·G2gen.
/// The toml <c>Private</c> is the 32-byte big-endian scalar in hex, <c>Public</c> the 128-byte G2 point in hex.
/// </summary>
public sealed class Bn256KeyPair
{
    private Bn256KeyPair(Scalar privateKey)
    {
        Private = privateKey;
        Public = G2Point.Base.Mul(privateKey);
    }

    public Scalar Private { get; }

    public G2Point Public { get; }

    /// <summary>64 lowercase hex characters.</summary>
    public string PrivateHex => Private.ToString();

    /// <summary>256 lowercase hex characters.</summary>
    public string PublicHex => Public.ToString();

    /// <summary>A fresh key: sk uniform in [1, n).</summary>
    public static Bn256KeyPair Generate() => new(Scalar.Random());

    public static Bn256KeyPair FromPrivate(Scalar privateKey) => new(privateKey);

    /// <summary>
    /// Reads a toml <c>Private</c> value the way onet does: the first 64 hex characters are decoded and
    /// anything after them is ignored. Like onet (which ignores kyber's range error) a value ≥ n is
    /// accepted; it is reduced mod n, which gives the same public key.
    /// </summary>
    public static Bn256KeyPair FromPrivateHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length < 2 * Scalar.Size)
        {
            throw new FormatException($"bn256 private key: need {2 * Scalar.Size} hex characters, got {hex.Length}");
        }
        return new(Scalar.FromBytesReduced(Convert.FromHexString(hex.AsSpan(0, 2 * Scalar.Size))));
    }
}
