using System.Net;
using System.Net.Sockets;
using Conode.Crypto.Ed25519;
using Conode.Silo.Hosting;

namespace Conode.Silo.Tests;

/// <summary>Options of an in-process node on 127.0.0.1 with fresh keys and free ports, for host tests.</summary>
public static class LoopbackNode
{
    public static NodeOptions Options(string dataDirectory, string description = "test node")
    {
        var peerPort = FreePort();
        return new NodeOptions
        {
            Identity = NodeIdentity.Create(Ed25519KeyPair.Generate(), $"tls://127.0.0.1:{peerPort}", description, url: "", serviceKeys: []),
            ConnType = "tls",
            PeerHost = "127.0.0.1",
            PeerPort = peerPort,
            PeerListenHost = "127.0.0.1",
            WebSocketBindAddress = IPAddress.Loopback,
            WebSocketPort = FreePort(),
            DataDirectory = dataDirectory,
            DatabasePath = Path.Combine(dataDirectory, "node.db"),
        };
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
