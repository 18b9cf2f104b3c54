using System.Security.Cryptography;
using System.Text;
using Conode.Crypto.Ed25519;

namespace Conode.Tests.Crypto.Ed25519;

/// <summary>Ed25519 keys as conodes store and use them: conode-toml-keys.json and cothority-services.md §11.</summary>
public class ConodeKeyTests
{
    [Fact]
    public void Sample_conode_toml_key_pair()
    {
        var c = Ed25519Vectors.Case("conode-toml-keys.json", "cases", "ed25519-server-key");
        Assert.Equal("Ed25519", c.Text("suite"));

        var keyPair = Ed25519KeyPair.FromHex(c.Text("private_hex"));

        Assert.Equal(c.Text("private_hex"), keyPair.Private.ToHex());
        Assert.Equal(c.Text("public_hex"), keyPair.Public.ToHex());
        Assert.Equal(keyPair.Public, Ed25519Point.FromHex(c.Text("public_hex")));
        Assert.Equal(c.Text("server_identity_id_name"), "https://dedis.epfl.ch/id/" + keyPair.Public.ToHex());
    }

    [Theory]
    [InlineData(0, "f19e19edeb087937c2194f60c6035dc9d8790bfea4fb52f218c20d937331fd0d", "424425e42bdb4526dd0837089425a99461c9f37dfbf241659fc5abca55c28992")]
    [InlineData(1, "6e52a81529bdddad8c4acdc590caae3e4503a783405decdfa482968b39eaf90b", "58fc429d5204565b825626a144b84a9af8b3b2550576bac4ca808a30143996b4")]
    [InlineData(2, "59a9b062c57d6ff1d365e848b09342a95c1eb6e1d293babec3cc56dfa2636100", "998d1a8a5414988c2c392bb440f8fc3d6efcd9750d7bddcac5ae224282cc8d71")]
    [InlineData(3, "804f5eb5a36237fbde2ae665d909512b432935a05b3ea63c2e52484707516702", "5c68afc27142159f2362c853dd7964cf3aa4ac056d90d8b01d428fb12c359dfa")]
    public void Deterministic_test_keys_of_section_11_1(int node, string privateHex, string publicHex)
    {
        // private of node i = SHA-256("ed-i") read little-endian, mod L.
        var privateKey = Ed25519Scalar.FromBytesModOrder(SHA256.HashData(Encoding.ASCII.GetBytes($"ed-{node}")));
        Assert.Equal(privateHex, privateKey.ToHex());

        Assert.Equal(publicHex, new Ed25519KeyPair(privateKey).Public.ToHex());
    }

    [Fact]
    public void Roster_aggregate_of_section_11_2_is_the_point_sum()
    {
        var node0 = Ed25519Point.FromHex("424425e42bdb4526dd0837089425a99461c9f37dfbf241659fc5abca55c28992");
        var node1 = Ed25519Point.FromHex("58fc429d5204565b825626a144b84a9af8b3b2550576bac4ca808a30143996b4");

        Assert.Equal("8816496314c31f6460d24a3e160acc958bfee0a4cebbcd56dbddf677081d7230", (node0 + node1).ToHex());
    }

    [Fact]
    public void Schnorr_signature_of_section_11_6_verifies()
    {
        var node0 = Ed25519Point.FromHex("424425e42bdb4526dd0837089425a99461c9f37dfbf241659fc5abca55c28992");
        var signature = Convert.FromHexString("8340c94b34a86d6cb364753e8cff8c2466fd6dde1ce08ef2618bb44c2ec5ec85d45535b758992bc6af44c6b79eefa93c62250a84bd2ead7c423092ede3730c0f");

        Assert.True(Schnorr.Verify(node0, "hello"u8, signature));
        Assert.False(Schnorr.Verify(node0, "hellO"u8, signature));
    }

    [Fact]
    public void Hex_fields_read_the_first_64_characters_and_need_at_least_that_many()
    {
        const string publicHex = "741b3af1fa069b2b964102bae6bc707315f61f5564fae426c261f5b6ceda3590";
        const string privateHex = "425bd8852dff7ac8315b06c8c50d653df67ceadd6f9c42a659e33d645599ba06";

        Assert.Equal(publicHex, Ed25519Point.FromHex(publicHex + "ignored").ToHex());
        Assert.Equal(privateHex, Ed25519Scalar.FromHex(privateHex.ToUpperInvariant() + "zz").ToHex());
        Assert.Throws<FormatException>(() => Ed25519Point.FromHex(publicHex[..63]));
        Assert.Throws<FormatException>(() => Ed25519Scalar.FromHex(privateHex[..62]));
        Assert.Throws<FormatException>(() => Ed25519Scalar.FromHex("x" + privateHex[1..]));
    }

    [Fact]
    public void Kyber_marshal_ids_and_binary_forms()
    {
        var keyPair = Ed25519KeyPair.FromHex("425bd8852dff7ac8315b06c8c50d653df67ceadd6f9c42a659e33d645599ba06");

        Assert.Equal("ed.point", keyPair.Public.MarshalId);
        Assert.Equal("ed.scala", keyPair.Private.MarshalId);
        Assert.Equal(keyPair.Public.ToHex(), Convert.ToHexStringLower(keyPair.Public.MarshalBinary()));
        Assert.Equal(keyPair.Private.ToHex(), Convert.ToHexStringLower(keyPair.Private.MarshalBinary()));
        Assert.Throws<FormatException>(() => Ed25519Scalar.Unmarshal(new byte[31]));
        Assert.False(Ed25519Point.TryUnmarshal(new byte[33], out _));
    }
}
