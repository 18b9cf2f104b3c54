using Conode.Crypto.Ed25519;
using Conode.Messaging;
using Conode.Network;
using Conode.Silo.Peers;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Tests.Peers;

public class PeerRefusalTests
{
    /// <summary>Claims its key in the CN but signs the proof with another key.</summary>
    private sealed class WrongKeyCredentials(Ed25519KeyPair key) : OnetTlsCredentials(key)
    {
        private readonly Ed25519KeyPair _other = Ed25519KeyPair.Generate();

        protected override byte[] Prove(byte[] peerNonce) => OnetCertificateProof.Sign(_other, peerNonce);
    }

    [Fact]
    public async Task A_server_whose_proof_is_signed_by_another_key_is_refused_and_logged_once()
    {
        await using var a = await PeerNode.StartAsync();
        await using var rogue = await PeerNode.StartAsync(credentials: key => new WrongKeyCredentials(key));

        var refusal = await Assert.ThrowsAsync<PeerUnreachableException>(() => a.Network.SendAsync(rogue.Identity, new Done()));

        Assert.Contains("does not verify", refusal.Message, StringComparison.Ordinal);
        var warning = Assert.Single(a.Log.At(LogLevel.Warning));
        Assert.Contains(rogue.Identity.Address, warning, StringComparison.Ordinal);
        Assert.False(rogue.Handler.TryNext(out _));
    }

    [Fact]
    public async Task A_client_whose_proof_is_signed_by_another_key_is_refused_and_logged_once()
    {
        await using var b = await PeerNode.StartAsync();
        await using var rogue = await PeerNode.StartAsync(credentials: key => new WrongKeyCredentials(key),
            configure: o => o with { DialAttempts = 1 });

        // In TLS 1.3 the client is done before the server checks its certificate: its send may look successful.
        await Record.ExceptionAsync(() => rogue.Network.SendAsync(b.Identity, new Done()));

        var warning = await SingleWarningAsync(b);
        Assert.StartsWith("Refused peer connection from 127.0.0.1:", warning, StringComparison.Ordinal);
        Assert.Contains("does not verify", warning, StringComparison.Ordinal);
        Assert.False(b.Handler.TryNext(out _));
    }

    [Fact]
    public async Task A_server_proving_another_key_than_expected_is_refused()
    {
        await using var a = await PeerNode.StartAsync();
        await using var b = await PeerNode.StartAsync();
        var impostor = ServerIdentity.Create(Ed25519KeyPair.Generate().Public, b.Identity.Address);

        var refusal = await Assert.ThrowsAsync<PeerUnreachableException>(() => a.Network.SendAsync(impostor, new Done()));

        Assert.Contains("expected", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(b.Identity.Address, Assert.Single(a.Log.At(LogLevel.Warning)), StringComparison.Ordinal);
        Assert.False(b.Handler.TryNext(out _));
    }

    [Fact]
    public async Task Over_tls_a_first_frame_claiming_another_key_than_the_certificate_is_refused_and_logged_once()
    {
        await using var b = await PeerNode.StartAsync();
        var claimed = Ed25519KeyPair.Generate().Public;
        await using var liar = await PeerNode.StartAsync(
            identity: (_, port) => ServerIdentity.Create(claimed, $"tls://127.0.0.1:{port}"));

        // The dialer expects no answer, so its send may well succeed; the listener drops it.
        await Record.ExceptionAsync(() => liar.Network.SendAsync(b.Identity, new Done()));

        var warning = await SingleWarningAsync(b);
        Assert.StartsWith("Refused peer connection from 127.0.0.1:", warning, StringComparison.Ordinal);
        Assert.Contains($"claims key {claimed}", warning, StringComparison.Ordinal);
        Assert.False(b.Handler.TryNext(out _));
    }

    [Fact]
    public async Task Over_tcp_the_first_frame_identity_is_trusted_as_go_does()
    {
        await using var b = await PeerNode.StartAsync(ConnType.Tcp);
        var claimed = Ed25519KeyPair.Generate().Public;
        await using var other = await PeerNode.StartAsync(ConnType.Tcp,
            identity: (_, port) => ServerIdentity.Create(claimed, $"tcp://127.0.0.1:{port}"));

        await other.Network.SendAsync(b.Identity, new Done());

        var received = await b.Handler.NextAsync();
        Assert.Equal(OnetIds.ServerIdentityId(claimed), received.From.Id);
    }

    /// <summary>The refusal is logged before the connection is dropped; wait for it rather than for the close.</summary>
    internal static async Task<string> SingleWarningAsync(PeerNode node)
    {
        using var patience = new CancellationTokenSource(PeerNode.Patience);
        while (!node.Log.At(LogLevel.Warning).Any())
        {
            await Task.Delay(20, patience.Token);
        }
        return Assert.Single(node.Log.At(LogLevel.Warning));
    }
}
