using System.Net.Sockets;
using Conode.Crypto.Ed25519;
using Conode.Network;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Conode.Silo.Peers;

/// <summary>
/// One TCP connection to a peer, plain or onet TLS. Reads are blocking and belong to the connection's own thread;
/// writes are serialized. Deadlines are enforced by closing the socket, which also ends a blocked TLS read.
/// </summary>
internal sealed class PeerConnection
{
    private readonly Socket _socket;
    private readonly Timer _deadline;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private Stream? _stream;
    private TlsProtocol? _tls;
    private Func<SecurityParameters?>? _security;
    private int _closed;
    private volatile bool _timedOut;

    public PeerConnection(Socket socket, string remoteAddress)
    {
        _socket = socket;
        _deadline = new Timer(static state => ((PeerConnection)state!).TimeOut(), this, Timeout.Infinite, Timeout.Infinite);
        RemoteAddress = remoteAddress;
    }

    /// <summary>The address dialled, or the remote end point of an accepted connection (for logs).</summary>
    public string RemoteAddress { get; }

    /// <summary>The identity the peer is known by: the one dialled, or the one its first frame claimed.</summary>
    public ServerIdentity? Peer { get; set; }

    public Uuid? PeerId { get; set; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>True when the connection was closed because a deadline passed.</summary>
    public bool TimedOut => _timedOut;

    /// <summary>The peer ended the TCP stream (or reset it): failures after that are its leaving, not our refusal.</summary>
    public bool PeerClosed { get; private set; }

    // Made on first use: a dialled socket is not connected when the connection is created. Over plain TCP the
    // receive thread and the first write may get here together.
    private Stream Transport => Volatile.Read(ref _stream) ?? CreateTransport();

    /// <summary>Closes the socket unless <see cref="ClearDeadline"/> is called within <paramref name="timeout"/>.</summary>
    public void SetDeadline(TimeSpan timeout) => _deadline.Change(timeout, Timeout.InfiniteTimeSpan);

    public void ClearDeadline() => _deadline.Change(Timeout.Infinite, Timeout.Infinite);

    /// <summary>TLS client handshake; fails unless the server proves <paramref name="expectedServerKey"/>.</summary>
    public void ConnectTls(OnetTlsCredentials credentials, Ed25519Point expectedServerKey)
    {
        var client = new OnetTlsClient(NewCrypto(), credentials, expectedServerKey);
        var protocol = new OnetTlsClientProtocol(Transport, client);
        _tls = protocol;
        _security = () => client.Security;
        protocol.Connect(client);
        _stream = protocol.Stream;
    }

    /// <summary>TLS server handshake; returns the conode key the client proved.</summary>
    public Ed25519Point AcceptTls(OnetTlsCredentials credentials)
    {
        var server = new OnetTlsServer(NewCrypto(), credentials);
        var protocol = new TlsServerProtocol(Transport);
        _tls = protocol;
        _security = () => server.Security;
        protocol.Accept(server);
        _stream = protocol.Stream;
        return server.ClientKey ?? throw new PeerProtocolException("TLS client proved no key");
    }

    /// <summary>Negotiated TLS version and suite, for logs.</summary>
    public string Protection =>
        _security?.Invoke() is { } p ? $"{p.NegotiatedVersion}, suite 0x{p.CipherSuite:x4}" : "plain TCP";

    /// <exception cref="PeerProtocolException">Oversized or truncated frame.</exception>
    public byte[]? ReadPacket(int maxPacketSize) => PeerFraming.ReadPacket(Transport, maxPacketSize);

    /// <summary>Writes one frame; a write that does not finish within <paramref name="timeout"/> closes the connection.</summary>
    public async Task WriteFrameAsync(byte[] frame, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            using var deadline = new CancellationTokenSource(timeout);
            await using var abort = deadline.Token.Register(static state => ((PeerConnection)state!).TimeOut(), this);
            await Transport.WriteAsync(frame, cancellationToken);
            await Transport.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Closes at once (no TLS close_notify); any blocked read or write fails.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _deadline.Dispose();
            _socket.Dispose();
        }
    }

    /// <summary>
    /// Orderly close: TLS close_notify (bounded by a short send timeout) unless a write is under way, which a peer
    /// that does not read could hold up to the write deadline; then the socket.
    /// </summary>
    public void Close()
    {
        if (_tls is not null && !IsClosed && _writeLock.Wait(0))
        {
            try
            {
                _socket.SendTimeout = 1000;
                _tls.Close();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
            {
                // The peer is gone already; nothing left to tell it.
            }
            finally
            {
                _writeLock.Release();
            }
        }
        Abort();
    }

    private void TimeOut()
    {
        _timedOut = true;
        Abort();
    }

    private Stream CreateTransport()
    {
        var transport = new EndTrackingStream(new NetworkStream(_socket, ownsSocket: false), this);
        return Interlocked.CompareExchange(ref _stream, transport, null) ?? transport;
    }

    private static BcTlsCrypto NewCrypto() => new(new SecureRandom());

    /// <summary>
    /// Notes the end of the peer's stream below TLS, where BouncyCastle would turn it into a handshake_failure alert
    /// indistinguishable from a refusal.
    /// </summary>
    private sealed class EndTrackingStream(NetworkStream inner, PeerConnection connection) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                var read = inner.Read(buffer);
                connection.PeerClosed |= read == 0 && buffer.Length > 0;
                return read;
            }
            catch (IOException e) when (e.InnerException is SocketException)
            {
                connection.PeerClosed |= !connection.IsClosed;
                throw;
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
