using System.Diagnostics;
using Conode.Client;
using Conode.Client.WebSockets;
using Conode.Crypto.Ed25519;
using Conode.Silo.Peers;
using Conode.Silo.Config;

namespace Conode.Silo.Cli;

/// <summary>
/// <c>conode check</c>'s probe of one server: the onet TLS handshake on its conode port (proof that it holds the
/// roster's key; Go's check does not do this), then one Status request over its WebSocket as the Go client sends it.
/// </summary>
public sealed class WebSocketStatusProbe : IStatusProbe
{
    public async Task<ProbeResult> ProbeAsync(GroupServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = new ConodeClient(new ConodeClientOptions { ConnectTimeout = timeout, ReplyTimeout = timeout });
        var clock = Stopwatch.StartNew();
        var handshake = await PeerHandshakeProbe.ProbeAsync(server.Address, Ed25519Point.FromHex(server.Public), timeout, cancellationToken);
        if (handshake is not null)
        {
            return ProbeResult.Failed("conode port: " + handshake, clock.Elapsed);
        }
        clock.Restart();
        try
        {
            var status = await client.GetStatusAsync(new ConodeEndpoint(server.Address, server.Url), cancellationToken);
            var reported = status.ServerIdentity?.Public?.MarshalBinary();
            if (reported is not null && Convert.ToHexStringLower(reported) != server.Public[..64].ToLowerInvariant())
            {
                // Go does not compare keys; a different key means the roster entry points at another node.
                return ProbeResult.Failed($"answers with public key {Convert.ToHexStringLower(reported)}, not the roster's", clock.Elapsed);
            }
            return ProbeResult.Ok(clock.Elapsed);
        }
        catch (ConodeClientException e)
        {
            return ProbeResult.Failed(e.Message, clock.Elapsed);
        }
    }
}
