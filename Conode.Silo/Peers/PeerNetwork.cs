using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Conode.Crypto.Ed25519;
using Conode.Network;
using Conode.Protobuf;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Peers;

/// <summary>A message could not be delivered to a peer (unreachable, refused, or the node is stopping).</summary>
public sealed class PeerUnreachableException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>
/// The conode port (onet-wire.md §3): listens per the node's address (<c>tls://</c> or <c>tcp://</c>), dials peers on
/// demand, keeps one reusable connection per peer in both directions, and hands received messages to an
/// <see cref="IPeerMessageHandler"/>.
/// </summary>
public sealed class PeerNetwork : IHostedService, IAsyncDisposable
{
    private readonly PeerNetworkOptions _options;
    private readonly ServerIdentity _identity;
    private readonly byte[] _identityFrame;
    private readonly Ed25519Point _publicKey;
    private readonly ConnType _connType;

    // Generous: the warm-up is the slow first handshake, and it only guards against a hang.
    private static readonly TimeSpan WarmUpTimeout = TimeSpan.FromSeconds(30);
    private readonly OnetTlsCredentials _credentials;
    private readonly MessageRegistry _registry;
    private readonly IPeerMessageHandler _handler;
    private readonly ILogger _logger;
    private readonly Dictionary<Uuid, PeerLink> _links = [];
    private readonly HashSet<PeerConnection> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;

    public PeerNetwork(PeerNetworkOptions options, Ed25519KeyPair key, ServerIdentity identity, MessageRegistry registry,
        IPeerMessageHandler handler, PeerTraffic traffic, ILogger<PeerNetwork> logger)
        : this(options, new OnetTlsCredentials(key), identity, registry, handler, traffic, logger)
    {
    }

    /// <summary>With the TLS credentials given (tests use credentials that prove the wrong key).</summary>
    internal PeerNetwork(PeerNetworkOptions options, OnetTlsCredentials credentials, ServerIdentity identity,
        MessageRegistry registry, IPeerMessageHandler handler, PeerTraffic traffic, ILogger<PeerNetwork> logger)
    {
        _options = options;
        _credentials = credentials;
        _publicKey = credentials.PublicKey;
        _identity = identity;
        _connType = ConodeAddress.Parse(identity.Address).ConnType;
        if (_connType == ConnType.Local)
        {
            throw new ArgumentException($"address {identity.Address}: local:// connections are not supported", nameof(identity));
        }
        _registry = registry;
        _identityFrame = PeerFraming.Frame(registry.Marshal(identity));
        _handler = handler;
        Traffic = traffic;
        _logger = logger;
    }

    /// <summary>Frame bytes exchanged with peers.</summary>
    public PeerTraffic Traffic { get; }

    /// <summary>Open connections on the conode port, in both directions, identified or not yet.</summary>
    public int OpenConnections
    {
        get
        {
            lock (_links)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Peers with at least one open, identified connection.</summary>
    public int ConnectedPeers
    {
        get
        {
            lock (_links)
            {
                return _links.Values.Count(link => link.Live() is not null);
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = ListenEndPoint();
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }
            listener.Bind(endpoint);
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        _acceptLoop = AcceptLoopAsync(listener);
        _logger.LogInformation("Conode port listening on {EndPoint} ({ConnType})", listener.LocalEndPoint,
            ConodeAddress.SchemeOf(_connType));
        if (_connType == ConnType.Tls)
        {
            await Task.Run(WarmUpTls, cancellationToken);
        }
    }

    /// <summary>
    /// One handshake with ourselves over a private loopback socket: the first handshake of a process pays for JIT
    /// and BouncyCastle's static setup (over a second here), more than a Go dialer's 1 s budget.
    /// </summary>
    private void WarmUpTls()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var client = new PeerConnection(clientSocket, "warm-up");
        PeerConnection? server = null;
        try
        {
            clientSocket.Connect(listener.LocalEndPoint!);
            server = new PeerConnection(listener.Accept(), "warm-up");
            client.SetDeadline(WarmUpTimeout);
            server.SetDeadline(WarmUpTimeout);
            var serverSide = server;
            var handshake = Task.Factory.StartNew(() => serverSide.AcceptTls(_credentials), TaskCreationOptions.LongRunning);
            client.ConnectTls(_credentials, _publicKey);
            handshake.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            _logger.LogWarning("TLS self-test failed: {Reason}", e.Message);
        }
        finally
        {
            client.Abort();
            server?.Abort();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        await _stopping.CancelAsync();
        _listener?.Dispose();
        PeerLink[] links;
        PeerConnection[] connections;
        lock (_links)
        {
            links = [.. _links.Values];
            connections = [.. _connections];
        }
        foreach (var link in links)
        {
            link.Queue.Writer.TryComplete();
        }
        foreach (var connection in connections)
        {
            connection.Close();
        }
        await _acceptLoop;
        await Task.WhenAll(links.Select(l => l.Writer));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    /// <summary>
    /// Sends <paramref name="message"/> (a registered message class) to <paramref name="to"/>, dialing its address if no
    /// connection is open; completes once the frame is written. Messages to this node are handled locally.
    /// Per peer, frames leave in call order; when the peer's queue is full this waits for room.
    /// </summary>
    /// <exception cref="PeerUnreachableException">No connection could be made, or the node is stopping.</exception>
    public async Task SendAsync(ServerIdentity to, object message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (to.Public is null)
        {
            throw new ArgumentException("the destination has no public key", nameof(to));
        }
        var packet = _registry.Marshal(message);
        if (SameKey(to.Public, _publicKey))
        {
            await _handler.OnMessageAsync(_identity, _registry.TypeIdOf(message.GetType()), message);
            return;
        }
        var link = Link(OnetIds.ServerIdentityId(to.Public), to);
        var outgoing = new Outgoing(PeerFraming.Frame(packet));
        try
        {
            await link.Queue.Writer.WriteAsync(outgoing, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new PeerUnreachableException("the conode port is stopping");
        }
        await outgoing.Written.Task.WaitAsync(cancellationToken);
    }

    private IPEndPoint ListenEndPoint()
    {
        if (_options.ListenHost.Length == 0)
        {
            return new IPEndPoint(Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any, _options.ListenPort);
        }
        var address = IPAddress.TryParse(_options.ListenHost, out var ip) ? ip : Dns.GetHostAddresses(_options.ListenHost)[0];
        return new IPEndPoint(address, _options.ListenPort);
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                _logger.LogDebug("Accept failed: {Error}", e.Message);
                continue;
            }
            socket.NoDelay = true;
            var connection = new PeerConnection(socket, socket.RemoteEndPoint?.ToString() ?? "?");
            if (Track(connection))
            {
                StartThread(connection, () => RunInbound(connection));
            }
        }
    }

    /// <summary>Listener side: TLS, then the dialer's ServerIdentity as first frame; then the receive loop.</summary>
    private void RunInbound(PeerConnection connection)
    {
        try
        {
            connection.SetDeadline(_options.AcceptTimeout);
            var proven = _connType == ConnType.Tls ? connection.AcceptTls(_credentials) : null;
            var packet = connection.ReadPacket(_options.MaxPacketSize)
                ?? throw new EndOfStreamException("closed before sending its identity");
            var identity = DecodeIdentity(packet);
            // Over tcp:// the claim cannot be checked, as in Go.
            if (proven is not null && !SameKey(identity.Public!, proven))
            {
                throw new PeerProtocolException($"identity claims key {KeyHex(identity.Public!)} but TLS proved {proven}");
            }
            connection.ClearDeadline();
            var id = OnetIds.ServerIdentityId(identity.Public);
            connection.Peer = identity;
            connection.PeerId = id;
            Traffic.Received(id, PeerFraming.HeaderSize + packet.Length);
            Link(id, identity).Add(connection);
            _logger.LogDebug("Peer {Address} connected from {EndPoint} ({Protection})", identity.Address, connection.RemoteAddress,
                connection.Protection);
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested && IsRefusal(e, connection))
        {
            _logger.LogWarning("Refused peer connection from {EndPoint}: {Reason}", connection.RemoteAddress, Reason(e, connection));
            Forget(connection);
            return;
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            // A dialer that hung up (e.g. a Go dialer past its 1 s budget) was not refused.
            _logger.LogDebug("Peer connection from {EndPoint} ended before it identified itself: {Reason}",
                connection.RemoteAddress, Reason(e, connection));
            Forget(connection);
            return;
        }
        catch
        {
            Forget(connection);
            return;
        }
        ReceiveLoop(connection);
    }

    private ServerIdentity DecodeIdentity(byte[] packet)
    {
        object message;
        try
        {
            message = _registry.Unmarshal(packet).Message;
        }
        catch (ProtobufException e)
        {
            throw new PeerProtocolException($"first frame is no ServerIdentity: {e.Message}");
        }
        return message is ServerIdentity { Public: not null } identity
            ? identity
            : throw new PeerProtocolException($"first frame is a {message.GetType().Name}, not a ServerIdentity with a key");
    }

    /// <summary>
    /// Reads the connection's frames on its own thread and handles them there one after the other, as onet does per
    /// connection: a handler runs on this thread up to its first await (no hand-over to the thread pool, which costs a
    /// wake-up per frame), and the thread waits for the rest without spinning (a spinning wait took CPU the other nodes
    /// of a small host need). A peer that sends faster than this node handles is slowed by TCP.
    /// </summary>
    private void ReceiveLoop(PeerConnection connection)
    {
        using var handled = new ManualResetEventSlim(false, spinCount: 0);
        try
        {
            while (true)
            {
                connection.SetDeadline(_options.ReadTimeout);
                var packet = connection.ReadPacket(_options.MaxPacketSize);
                connection.ClearDeadline();
                if (packet is null)
                {
                    _logger.LogDebug("Peer {EndPoint} closed the connection", connection.RemoteAddress);
                    return;
                }
                Traffic.Received(connection.PeerId, PeerFraming.HeaderSize + packet.Length);
                var handling = HandleAsync(connection, packet);
                if (!handling.IsCompleted)
                {
                    handled.Reset();
                    handling.GetAwaiter().UnsafeOnCompleted(handled.Set);
                    handled.Wait();
                }
            }
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested && !connection.IsClosed && e is PeerProtocolException)
        {
            _logger.LogWarning("Closing connection with peer {EndPoint}: {Reason}", connection.RemoteAddress, e.Message);
        }
        catch (Exception e)
        {
            _logger.LogDebug("Connection with peer {EndPoint} ended: {Reason}", connection.RemoteAddress, Reason(e, connection));
        }
        finally
        {
            Forget(connection);
        }
    }

    /// <summary>Decodes and handles one frame; never throws (Go drops undecodable frames and keeps the connection, §3.2).</summary>
    private async Task HandleAsync(PeerConnection connection, byte[] packet)
    {
        Uuid typeId;
        object message;
        try
        {
            (typeId, message) = _registry.Unmarshal(packet);
        }
        catch (Exception e)
        {
            _logger.LogDebug("Dropped a frame from {EndPoint}: {Reason}", connection.RemoteAddress, e.Message);
            return;
        }
        try
        {
            await _handler.OnMessageAsync(connection.Peer!, typeId, message);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Handling {Type} from {EndPoint} failed", message.GetType().Name, connection.RemoteAddress);
        }
    }

    private async Task WriteLoopAsync(PeerLink link)
    {
        await Task.Yield();
        await foreach (var outgoing in link.Queue.Reader.ReadAllAsync())
        {
            try
            {
                await DeliverAsync(link, outgoing.Frame);
                outgoing.Written.TrySetResult();
            }
            catch (Exception e)
            {
                outgoing.Written.TrySetException(e as PeerUnreachableException
                    ?? new PeerUnreachableException($"cannot send to {link.Target.Address}: {e.Message}", e));
            }
        }
    }

    private async Task DeliverAsync(PeerLink link, byte[] frame)
    {
        var connection = link.Live() ?? await DialAsync(link);
        try
        {
            await connection.WriteFrameAsync(frame, _options.WriteTimeout, _stopping.Token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or OperationCanceledException
                                  && !_stopping.IsCancellationRequested)
        {
            // Go reconnects once and resends.
            _logger.LogDebug("Write to {Address} failed ({Reason}); reconnecting", link.Target.Address, e.Message);
            connection.Abort();
            Forget(connection);
            connection = await DialAsync(link);
            await connection.WriteFrameAsync(frame, _options.WriteTimeout, _stopping.Token);
        }
        Traffic.Sent(link.Id, frame.Length);
    }

    private async Task<PeerConnection> DialAsync(PeerLink link)
    {
        var target = link.Target;
        if (!ConodeAddress.TryParse(target.Address, out var address, out var error) || address.ConnType == ConnType.Local)
        {
            throw new PeerUnreachableException($"cannot dial \"{target.Address}\": {error ?? "local:// is not supported"}");
        }
        Exception? last = null;
        for (var attempt = 1; attempt <= _options.DialAttempts; attempt++)
        {
            _stopping.Token.ThrowIfCancellationRequested();
            try
            {
                return await DialOnceAsync(target, address, link);
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                last = e;
                if (attempt < _options.DialAttempts)
                {
                    await Task.Delay(_options.DialRetryDelay, _stopping.Token);
                }
            }
        }
        _logger.LogWarning("Cannot connect to peer {Address}: {Reason}", address, last?.Message);
        throw new PeerUnreachableException($"cannot connect to {address}: {last?.Message}", last);
    }

    /// <summary>Dialer side: TCP, TLS for a tls:// target, then our ServerIdentity as first frame; nothing comes back.</summary>
    private async Task<PeerConnection> DialOnceAsync(ServerIdentity target, ConodeAddress address, PeerLink link)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connection = new PeerConnection(socket, address.Value) { Peer = target, PeerId = link.Id };
        if (!Track(connection))
        {
            throw new OperationCanceledException();
        }
        try
        {
            // One deadline for TCP connect and TLS handshake, as Go's dialer.
            connection.SetDeadline(_options.DialTimeout);
            await socket.ConnectAsync(address.Host, address.Port, _stopping.Token);
            if (address.ConnType == ConnType.Tls)
            {
                var expected = Ed25519Point.TryUnmarshal(target.Public!.MarshalBinary(), out var key)
                    ? key
                    : throw new PeerUnreachableException($"{address} has no Ed25519 key to expect");
                var handshake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                StartThread(connection, () =>
                {
                    try
                    {
                        connection.ConnectTls(_credentials, expected);
                        handshake.SetResult();
                    }
                    catch (Exception e)
                    {
                        handshake.SetException(e);
                        return;
                    }
                    ReceiveLoop(connection);
                });
                await handshake.Task;
            }
            else
            {
                StartThread(connection, () => ReceiveLoop(connection));
            }
            // The receive loop has replaced the dial deadline with its read deadline by now or will shortly.
            await connection.WriteFrameAsync(_identityFrame, _options.WriteTimeout, _stopping.Token);
            Traffic.Sent(link.Id, _identityFrame.Length);
        }
        catch (Exception e)
        {
            connection.Abort();
            Forget(connection);
            throw connection.TimedOut ? new TimeoutException($"no connection within {_options.DialTimeout}", e) : Unwrap(e);
        }
        link.Add(connection);
        _logger.LogDebug("Connected to peer {Address} ({Protection})", address, connection.Protection);
        return connection;
    }

    private PeerLink Link(Uuid id, ServerIdentity target)
    {
        lock (_links)
        {
            if (!_links.TryGetValue(id, out var link))
            {
                link = new PeerLink(id, target, _options.SendQueueCapacity);
                _links.Add(id, link);
                link.Writer = WriteLoopAsync(link);
                if (_stopping.IsCancellationRequested)
                {
                    link.Queue.Writer.TryComplete();
                }
            }
            else if (target.Address.Length > 0)
            {
                // The latest address we were given is the one to dial.
                link.Target = target;
            }
            return link;
        }
    }

    private bool Track(PeerConnection connection)
    {
        lock (_links)
        {
            if (_stopping.IsCancellationRequested)
            {
                connection.Abort();
                return false;
            }
            _connections.Add(connection);
            return true;
        }
    }

    private void Forget(PeerConnection connection)
    {
        connection.Abort();
        lock (_links)
        {
            _connections.Remove(connection);
            if (connection.PeerId is { } id && _links.TryGetValue(id, out var link))
            {
                link.Remove(connection);
            }
        }
    }

    private static void StartThread(PeerConnection connection, Action body) =>
        new Thread(() => body()) { IsBackground = true, Name = "peer " + connection.RemoteAddress }.Start();

    /// <summary>We refused the peer (bad certificate, identity or frame, or no progress), rather than it leaving.</summary>
    private static bool IsRefusal(Exception e, PeerConnection connection) =>
        connection.TimedOut || e is PeerProtocolException
        || (Unwrap(e) is Org.BouncyCastle.Tls.TlsFatalAlert && !connection.PeerClosed);

    private static string Reason(Exception e, PeerConnection connection) =>
        connection.TimedOut ? "timed out" : Unwrap(e).Message;

    // BouncyCastle reports a refusal raised in our own callback wrapped in its alert exception.
    private static Exception Unwrap(Exception e) => e is Org.BouncyCastle.Tls.TlsFatalAlert { InnerException: { } inner } ? inner : e;

    private static bool SameKey(IKyberMarshaler key, Ed25519Point point) =>
        key.MarshalId == point.MarshalId && key.MarshalBinary().AsSpan().SequenceEqual(point.MarshalBinary());

    private static string KeyHex(IKyberMarshaler key) => Convert.ToHexStringLower(key.MarshalBinary());

    private sealed record Outgoing(byte[] Frame)
    {
        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Everything about one peer: whom to dial, its open connections and its ordered send queue.</summary>
    private sealed class PeerLink(Uuid id, ServerIdentity target, int capacity)
    {
        private readonly List<PeerConnection> _connections = [];

        public Uuid Id { get; } = id;

        public ServerIdentity Target { get; set; } = target;

        public Channel<Outgoing> Queue { get; } = Channel.CreateBounded<Outgoing>(
            new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

        public Task Writer { get; set; } = Task.CompletedTask;

        /// <summary>The first open connection, whichever side opened it (Go reuses either).</summary>
        public PeerConnection? Live()
        {
            lock (_connections)
            {
                return _connections.FirstOrDefault(c => !c.IsClosed);
            }
        }

        public void Add(PeerConnection connection)
        {
            lock (_connections)
            {
                _connections.Add(connection);
            }
        }

        public void Remove(PeerConnection connection)
        {
            lock (_connections)
            {
                _connections.Remove(connection);
            }
        }
    }
}
