using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Conode.Crypto.Ed25519;
using Conode.Network;
using Conode.Silo.Peers;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Tests.Peers;

/// <summary>Messages a node received, in order, to be awaited by tests.</summary>
internal sealed class RecordingHandler : IPeerMessageHandler
{
    private readonly Channel<(ServerIdentity From, Uuid TypeId, object Message)> _received = Channel.CreateUnbounded<(ServerIdentity, Uuid, object)>();

    public Func<ServerIdentity, object, ValueTask>? OnReceived { get; set; }

    public async ValueTask OnMessageAsync(ServerIdentity from, Uuid typeId, object message)
    {
        await _received.Writer.WriteAsync((from, typeId, message));
        if (OnReceived is { } callback)
        {
            await callback(from, message);
        }
    }

    public async Task<(ServerIdentity From, Uuid TypeId, object Message)> NextAsync() =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(PeerNode.Patience);

    public bool TryNext(out (ServerIdentity From, Uuid TypeId, object Message) received) => _received.Reader.TryRead(out received);
}

/// <summary>Log lines of one node, kept for assertions.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Text)> Entries => [.. _entries];

    public IEnumerable<string> At(LogLevel level) => Entries.Where(e => e.Level == level).Select(e => e.Text);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, formatter(state, exception)));
}

/// <summary>One in-process conode port on 127.0.0.1 with its own key, handler and log.</summary>
internal sealed class PeerNode : IAsyncDisposable
{
    /// <summary>How long a test waits for something that should happen at once; not a timing assertion.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private PeerNode(Ed25519KeyPair key, ServerIdentity identity, PeerNetwork network, RecordingHandler handler, ListLogger<PeerNetwork> log)
    {
        Key = key;
        Identity = identity;
        Network = network;
        Handler = handler;
        Log = log;
    }

    public Ed25519KeyPair Key { get; }

    public ServerIdentity Identity { get; }

    public PeerNetwork Network { get; }

    public RecordingHandler Handler { get; }

    public ListLogger<PeerNetwork> Log { get; }

    public int Port => ConodeAddress.Parse(Identity.Address).Port;

    /// <summary>
    /// A started node. <paramref name="credentials"/> replaces what it proves in TLS; <paramref name="identity"/> what it
    /// claims in its first frame.
    /// </summary>
    public static async Task<PeerNode> StartAsync(ConnType connType = ConnType.Tls, Func<PeerNetworkOptions, PeerNetworkOptions>? configure = null,
        Func<Ed25519KeyPair, OnetTlsCredentials>? credentials = null, Func<Ed25519KeyPair, int, ServerIdentity>? identity = null)
    {
        var key = Ed25519KeyPair.Generate();
        var port = LoopbackNode.FreePort();
        var self = identity?.Invoke(key, port)
            ?? ServerIdentity.Create(key.Public, ConodeAddress.Create(connType, "127.0.0.1", port).Value, "peer test");
        // Go's 1 s dial budget would make results depend on how loaded the test machine is.
        var options = new PeerNetworkOptions { ListenHost = "127.0.0.1", ListenPort = port, DialTimeout = TimeSpan.FromSeconds(10) };
        options = configure?.Invoke(options) ?? options;
        var handler = new RecordingHandler();
        var log = new ListLogger<PeerNetwork>();
        var network = new PeerNetwork(options, credentials?.Invoke(key) ?? new OnetTlsCredentials(key), self,
            MessageRegistry.Default, handler, new PeerTraffic(), log);
        await network.StartAsync(CancellationToken.None);
        return new PeerNode(key, self, network, handler, log);
    }

    public ValueTask DisposeAsync() => Network.DisposeAsync();

    /// <summary>
    /// Waits (at most <see cref="Patience"/>) until <paramref name="condition"/> holds. Sent bytes are counted once a
    /// write has returned, which can be just after the peer already answered: wait for that before asserting counters.
    /// </summary>
    public static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }
}
