using System.Net.Sockets;
using Conode.Crypto.Ed25519;
using Conode.Network;
using Org.BouncyCastle.Tls;

namespace Conode.Silo.Peers;

/// <summary>
/// For <c>conode check</c>: connects to a server's conode port and, over <c>tls://</c>, completes the onet TLS
/// handshake, which proves the server holds the key the roster lists. Uses a throw-away key of its own and
/// closes before identifying itself, so the server just sees a connection end.
/// </summary>
public static class PeerHandshakeProbe
{
    /// <summary>Null when the server proved <paramref name="expected"/>; otherwise what went wrong.</summary>
    public static async Task<string?> ProbeAsync(ConodeAddress address, Ed25519Point expected, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connection = new PeerConnection(socket, address.Value);
        try
        {
            connection.SetDeadline(timeout);
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(timeout);
                await socket.ConnectAsync(address.Host, address.Port, connect.Token);
            }
            if (address.ConnType == ConnType.Tls)
            {
                // BouncyCastle's handshake blocks; the deadline above bounds it.
                await Task.Run(() => connection.ConnectTls(new OnetTlsCredentials(Ed25519KeyPair.Generate()), expected),
                    cancellationToken);
            }
            return null;
        }
        catch (TlsFatalAlert e)
        {
            // BouncyCastle prefixes the alert ("bad_certificate(42); …"); the reason after it is what helps.
            var separator = e.Message.IndexOf("; ", StringComparison.Ordinal);
            return separator >= 0 ? e.Message[(separator + 2)..] : e.Message;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or TlsException)
        {
            return connection.TimedOut || e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0.#} s" : e.Message;
        }
        finally
        {
            connection.Abort();
        }
    }
}
