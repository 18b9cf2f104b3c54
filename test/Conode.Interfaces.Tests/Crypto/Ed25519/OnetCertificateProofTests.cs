using System.Text;
using Conode.Crypto.Ed25519;

namespace Conode.Tests.Crypto.Ed25519;

public class OnetCertificateProofTests
{
    private static readonly byte[] Nonce = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Legacy_bare_hex_common_name_is_accepted_when_verifying()
    {
        var keyPair = Ed25519KeyPair.Generate();
        var legacy = keyPair.Public.ToHex();
        var signature = Schnorr.Sign(keyPair, OnetCertificateProof.SignedMessage(Nonce, legacy));

        Assert.True(OnetCertificateProof.Verify(legacy, Nonce, signature));
        // The signature covers the CN form, so the same key under the new form does not match it.
        Assert.False(OnetCertificateProof.Verify(OnetCertificateProof.CommonName(keyPair.Public), Nonce, signature));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Z")]
    [InlineData("Z5866")]
    [InlineData("Z58666666666666666666666666666666666666666666666666666666666666666")] // odd number of hex digits
    [InlineData("Z586666666666666666666666666666666666666666666666666666666666666x")]
    [InlineData("Z0200000000000000000000000000000000000000000000000000000000000000")] // not a point
    [InlineData("58666666666666666666666666666666666666666666666666666666666666")] // legacy, too short
    public void Malformed_common_names_are_rejected_without_throwing(string commonName)
    {
        Assert.False(OnetCertificateProof.TryParseCommonName(commonName, out _));
        Assert.False(OnetCertificateProof.Verify(commonName, Nonce, new byte[64]));
    }

    [Theory]
    [InlineData("Z58666666666666666666666666666666666666666666666666666666666666660000")] // Go reads the first 32 bytes
    [InlineData("5866666666666666666666666666666666666666666666666666666666666666trailing")] // legacy: first 64 characters
    public void Common_names_parse_like_onet_pubFromCN(string commonName)
    {
        Assert.True(OnetCertificateProof.TryParseCommonName(commonName, out var key));
        Assert.Equal(Ed25519Point.Base, key);
    }

    [Fact]
    public void Der_encoding_uses_UTF8String_outside_PrintableString_and_long_form_lengths()
    {
        var utf8 = OnetCertificateProof.SignedMessage([], "a*b");
        Assert.Equal("0c03612a62", Convert.ToHexStringLower(utf8));

        var longName = new string('A', 200);
        var encoded = OnetCertificateProof.SignedMessage([7], longName);
        Assert.Equal([7, 0x13, 0x81, 200, .. Encoding.ASCII.GetBytes(longName)], encoded);
    }
}
