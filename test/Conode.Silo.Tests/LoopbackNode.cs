using System.Net;
using System.Net.Sockets;
using Conode.Crypto.Bn256;
using Conode.Crypto.Ed25519;
using Conode.Silo.Hosting;

namespace Conode.Silo.Tests;

/// <summary>Options of an in-process node on 127.0.0.1 with fresh keys and free ports, for host tests.</summary>
public static class LoopbackNode
{
    public static NodeOptions Options(string dataDirectory, string description = "test node",
        IEnumerable<KeyValuePair<string, Bn256KeyPair>>? serviceKeys = null)
    {
        var peerPort = FreePort();
        return new NodeOptions
        {
            Identity = NodeIdentity.Create(Ed25519KeyPair.Generate(), $"tls://127.0.0.1:{peerPort}", description, url: "",
                serviceKeys ?? []),
            ConnType = "tls",
            PeerHost = "127.0.0.1",
            PeerPort = peerPort,
            PeerListenHost = "127.0.0.1",
            WebSocketBindAddress = IPAddress.Loopback,
            WebSocketPort = FreePort(),
            DataDirectory = dataDirectory,
            DatabasePath = Path.Combine(dataDirectory, "node.db"),
            OrleansSiloPort = FreePort(),
        };
    }

    /// <summary>Ports already handed out in this test process: free when probed, maybe not yet bound by their node.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> HandedOut = new();

    /// <summary>
    /// A loopback port that is free now, below Linux's ephemeral range (32768+) so that no outgoing connection takes
    /// it before the node binds it, and never one handed out before in this process: a fixture of ten nodes takes
    /// thirty ports, and two random draws meeting would make one node fail to bind.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = Random.Shared.Next(20000, 32000);
            if (!HandedOut.TryAdd(candidate, true))
            {
                continue;
            }
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, candidate);
                probe.Start();
                return candidate;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }
        throw new InvalidOperationException("no free loopback port found below 32000");
    }
}
