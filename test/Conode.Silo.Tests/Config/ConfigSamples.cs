namespace Conode.Silo.Tests.Config;

/// <summary>The real Go outputs of cothority-services.md §3.2 and §3.3 (deterministic keys of §11.1).</summary>
internal static class ConfigSamples
{
    public const string Node0Public = "424425e42bdb4526dd0837089425a99461c9f37dfbf241659fc5abca55c28992";
    public const string Node0Private = "f19e19edeb087937c2194f60c6035dc9d8790bfea4fb52f218c20d937331fd0d";
    public const string Node0ByzCoinPublic = "79e332d68b48b16022e01c18f08f4baf22d46c7808dcd3578c8326d67d410d4d549be3f70bd8101101ebcd09b6971fab40997f00308921fc155c8b81bd2539e020625c2224e8e1367202669337d020b132cec2a4ec9784de7f0d2ff7391526334ba5eb5affc17c38d4a32b1f63a77f38b670480483b127dbcd47c3236d4e131e";
    public const string Node0ByzCoinPrivate = "5ebb0db3f542733fd455a8029a2a2d8b134ad99c47fc1a0dc2213253cf2db349";
    public const string Node0SkipchainPublic = "46baa4d623f91b0456e94651770cd3aafcd0589c05904a83f6532e40e0b48dae635555bcc5a5d783ba16b05b73ff9d6063b4f54152426f5c71ba973ef30fd1fd7d5207ad735beb4102e22c447088623779985ffe622b63f26a61403ab466d042412e0ad22dcaa3fcf38006fbb24ed43a48550d9d283f80985f4c1825b33094e1";
    public const string Node0SkipchainPrivate = "3b50c507804c761e7ab1672372dc690b298b21bb2d0bb80591a2ac2032fc6393";
    public const string Node1Public = "58fc429d5204565b825626a144b84a9af8b3b2550576bac4ca808a30143996b4";
    public const string Node1SkipchainPublic = "4b4636f84c2f30170e909c36b3a3a0848cab95de72b4d2abaa2d573669891b5d0a6a33395722c803320674bcf98ee63e0ed77397fd7425332f71303dc96891d337868a292d1675629c2245f7e18ad11c4a4a2ade6123b050c394baf3e318973b5b0e9bcb8a755a28918af6488c4fff6278832f1d8157a4374278c70b5d21b1e8";

    public const string PrivateToml =
        "# This file contains your private key.\n" +
        "# Do not give it away lightly!\n" +
        "Suite = \"Ed25519\"\n" +
        $"Public = \"{Node0Public}\"\n" +
        $"Private = \"{Node0Private}\"\n" +
        "Address = \"tls://127.0.0.1:7770\"\n" +
        "ListenAddress = \"\"\n" +
        "Description = \"Conode_1\"\n" +
        "URL = \"\"\n" +
        "WebSocketTLSCertificate = \"\"\n" +
        "WebSocketTLSCertificateKey = \"\"\n" +
        "\n" +
        "[Services]\n" +
        "  [Services.ByzCoin]\n" +
        "    Suite = \"bn256.adapter\"\n" +
        $"    Public = \"{Node0ByzCoinPublic}\"\n" +
        $"    Private = \"{Node0ByzCoinPrivate}\"\n" +
        "  [Services.Skipchain]\n" +
        "    Suite = \"bn256.adapter\"\n" +
        $"    Public = \"{Node0SkipchainPublic}\"\n" +
        $"    Private = \"{Node0SkipchainPrivate}\"\n";

    /// <summary>The first block alone is exactly what setup writes as node 0's public.toml.</summary>
    public const string PublicTomlNode0 =
        "[[servers]]\n" +
        "  Address = \"tls://127.0.0.1:7770\"\n" +
        "  Suite = \"Ed25519\"\n" +
        $"  Public = \"{Node0Public}\"\n" +
        "  Description = \"Conode_1\"\n" +
        "  [servers.Services]\n" +
        "    [servers.Services.ByzCoin]\n" +
        $"      Public = \"{Node0ByzCoinPublic}\"\n" +
        "      Suite = \"bn256.adapter\"\n" +
        "    [servers.Services.Skipchain]\n" +
        $"      Public = \"{Node0SkipchainPublic}\"\n" +
        "      Suite = \"bn256.adapter\"\n";

    public const string RosterToml =
        PublicTomlNode0 +
        "\n" +
        "[[servers]]\n" +
        "  Address = \"tls://conode2.example.org:7770\"\n" +
        "  Suite = \"Ed25519\"\n" +
        $"  Public = \"{Node1Public}\"\n" +
        "  Description = \"Conode_2\"\n" +
        "  URL = \"https://conode2.example.org\"\n" +
        "  [servers.Services]\n" +
        "    [servers.Services.Skipchain]\n" +
        $"      Public = \"{Node1SkipchainPublic}\"\n" +
        "      Suite = \"bn256.adapter\"\n";
}
