using System.Numerics;
using System.Security.Cryptography;
using Conode.Crypto.Ed25519;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Conode.Tests.Crypto.Ed25519;

/// <summary>Every case of ed25519-keys.json, compared with the Go results.</summary>
public class Ed25519KeyVectorTests
{
    private const string File = "ed25519-keys.json";

    public static IEnumerable<object[]> ScalarToPublic => Ed25519Vectors.Ids(File, "scalar_to_public");
    public static IEnumerable<object[]> ScalarReduction => Ed25519Vectors.Ids(File, "scalar_reduction");
    public static IEnumerable<object[]> KeyFromSeed => Ed25519Vectors.Ids(File, "key_from_seed");
    public static IEnumerable<object[]> PointDecoding => Ed25519Vectors.Ids(File, "point_decoding");

    [Theory]
    [MemberData(nameof(ScalarToPublic))]
    public void Scalar_times_base_gives_the_public_key(string id)
    {
        var c = Ed25519Vectors.Case(File, "scalar_to_public", id);
        var scalar = Ed25519Scalar.Unmarshal(c.Hex("scalar_le_hex"));
        Assert.Equal(BigInteger.Parse(c.Text("scalar_dec")), new BigInteger(scalar.MarshalBinary(), isUnsigned: true));

        Assert.Equal(c.Text("public_hex"), Ed25519Point.MultiplyBase(scalar).ToHex());
        // The constant-time variable-base path must agree with the table-driven one.
        Assert.Equal(c.Text("public_hex"), Ed25519Point.Base.Multiply(scalar).ToHex());
    }

    [Theory]
    [MemberData(nameof(ScalarReduction))]
    public void SetBytes_reduces_little_endian_input_of_any_length(string id)
    {
        var c = Ed25519Vectors.Case(File, "scalar_reduction", id);
        var input = c.Hex("input_hex");

        var scalar = Ed25519Scalar.FromBytesModOrder(input);

        Assert.Equal(c.Text("reduced_le_hex"), scalar.ToHex());
        if (input.Length == Ed25519Scalar.Size)
        {
            // Go's UnmarshalBinary keeps the bytes, but its MarshalBinary emits the reduced value.
            Assert.Equal(c.Text("reduced_le_hex"), Convert.ToHexStringLower(Ed25519Scalar.Unmarshal(input).MarshalBinary()));
        }
    }

    [Theory]
    [MemberData(nameof(KeyFromSeed))]
    public void Key_from_seed_follows_Go_NewKeyAndSeedWithInput(string id)
    {
        var c = Ed25519Vectors.Case(File, "key_from_seed", id);
        var seed = c.Hex("seed_hex");
        Assert.Equal(c.Text("sha512_hex"), Convert.ToHexStringLower(SHA512.HashData(seed)));

        var clamped = new byte[32];
        var prefix = new byte[32];
        Ed25519KeyPair.ExpandSeed(seed, clamped, prefix);
        Assert.Equal(c.Text("clamped_scalar_le_hex"), Convert.ToHexStringLower(clamped));
        Assert.Equal(c.Text("eddsa_prefix_hex"), Convert.ToHexStringLower(prefix));

        var keyPair = Ed25519KeyPair.FromSeed(seed);
        Assert.Equal(c.Text("private_hex"), keyPair.Private.ToHex());
        Assert.Equal(c.Text("public_hex"), keyPair.Public.ToHex());
        // kyber eddsa marshals seed ‖ public.
        Assert.Equal(c.Text("kyber_eddsa_marshal_hex"), Convert.ToHexStringLower([.. seed, .. keyPair.Public.MarshalBinary()]));

        var rfc8032Public = new byte[32];
        BcEd25519.GeneratePublicKey(seed, 0, rfc8032Public, 0);
        Assert.Equal(c.GetProperty("public_equals_rfc8032_public").GetBoolean(), keyPair.Public.MarshalBinary().SequenceEqual(rfc8032Public));
    }

    [Theory]
    [MemberData(nameof(PointDecoding))]
    public void Point_decoding_matches_Go(string id)
    {
        var c = Ed25519Vectors.Case(File, "point_decoding", id);
        var encoding = c.Hex("encoding_hex");

        var decoded = Ed25519Point.TryUnmarshal(encoding, out var point);

        Assert.Equal(c.GetProperty("go_unmarshal_ok").GetBoolean(), decoded);
        Assert.Equal(c.GetProperty("go_is_canonical").GetBoolean(), Ed25519Point.IsCanonicalEncoding(encoding));
        if (decoded)
        {
            Assert.Equal(c.Text("go_reencoded_hex"), point!.ToHex());
            Assert.Equal(c.GetProperty("go_has_small_order").GetBoolean(), point.HasSmallOrder);
            Assert.Equal(point, Ed25519Point.Unmarshal(point.MarshalBinary()));
        }
        else
        {
            Assert.Throws<FormatException>(() => Ed25519Point.Unmarshal(encoding));
        }
    }

    [Fact]
    public void Masked_small_order_encodings_of_the_conventions_are_exactly_the_small_order_points()
    {
        var conventions = Ed25519Vectors.Conventions(File);
        var masked = conventions.GetProperty("small_order_masked_encodings_hex").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        // The 8 points of order dividing 8 are k·T for a point T of order 8 (torsion-1T of the vectors).
        var torsion = Ed25519Point.Unmarshal(Ed25519Vectors.Case(File, "point_decoding", "torsion-1T").Hex("encoding_hex"));
        var multiple = Ed25519Point.Identity;
        for (var k = 0; k < 8; k++)
        {
            Assert.True(multiple.HasSmallOrder);
            var bytes = multiple.MarshalBinary();
            bytes[31] &= 0x7f;
            Assert.Contains(Convert.ToHexStringLower(bytes), masked);
            multiple += torsion;
        }
        Assert.Equal(Ed25519Point.Identity, multiple);
        Assert.Equal(conventions.Text("base_point_hex"), Ed25519Point.Base.ToHex());
    }
}
