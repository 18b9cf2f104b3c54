using System.Buffers.Binary;
using Org.BouncyCastle.Tls;

namespace Conode.Silo.Peers;

/// <summary>
/// BouncyCastle's client with one change: before the certificate request is parsed, the first acceptable-CA entry
/// is taken out verbatim (a Go server puts 32 random bytes there, which are no DER Name and which stock BouncyCastle
/// refuses) and the request is handed on without CA names. The transcript hash is taken from the original message.
/// </summary>
internal sealed class OnetTlsClientProtocol(Stream stream, OnetTlsClient client) : TlsClientProtocol(stream)
{
    private const int CertificateAuthoritiesExtension = 47;

    protected override void ReceiveCertificateRequest(MemoryStream buf)
    {
        var body = WithoutAuthorities12(Remaining(buf), out var nonce);
        client.ServerNonce = nonce;
        base.ReceiveCertificateRequest(new MemoryStream(body));
    }

    protected override void Receive13CertificateRequest(MemoryStream buf, bool postHandshakeAuth)
    {
        var body = WithoutAuthorities13(Remaining(buf), out var nonce);
        client.ServerNonce = nonce;
        base.Receive13CertificateRequest(new MemoryStream(body), postHandshakeAuth);
    }

    private static byte[] Remaining(MemoryStream buf)
    {
        var body = new byte[buf.Length - buf.Position];
        buf.ReadExactly(body);
        return body;
    }

    // TLS 1.2: certificate_types<1..2^8-1> ‖ supported_signature_algorithms<2..2^16-2> ‖ certificate_authorities<0..2^16-1>.
    internal static byte[] WithoutAuthorities12(byte[] body, out byte[]? firstAuthority)
    {
        var reader = new Reader(body);
        reader.Skip(reader.U8());
        reader.Skip(reader.U16());
        var end = reader.Position;
        firstAuthority = FirstName(reader.Take(reader.U16()));
        reader.ExpectEnd();
        return [.. body.AsSpan(0, end), 0, 0];
    }

    // TLS 1.3: certificate_request_context<0..2^8-1> ‖ extensions<2..2^16-1>; extension 47 holds the CA names.
    internal static byte[] WithoutAuthorities13(byte[] body, out byte[]? firstAuthority)
    {
        firstAuthority = null;
        var reader = new Reader(body);
        reader.Skip(reader.U8());
        var head = reader.Position;
        var extensions = new Reader(reader.Take(reader.U16()).ToArray());
        reader.ExpectEnd();
        var kept = new List<byte>();
        while (!extensions.AtEnd)
        {
            var start = extensions.Position;
            var type = extensions.U16();
            var data = extensions.Take(extensions.U16());
            if (type == CertificateAuthoritiesExtension)
            {
                var list = new Reader(data.ToArray());
                firstAuthority = FirstName(list.Take(list.U16()));
                list.ExpectEnd();
            }
            else
            {
                kept.AddRange(extensions.Slice(start));
            }
        }
        var rebuilt = new byte[head + 2 + kept.Count];
        body.AsSpan(0, head).CopyTo(rebuilt);
        BinaryPrimitives.WriteUInt16BigEndian(rebuilt.AsSpan(head), (ushort)kept.Count);
        kept.CopyTo(rebuilt, head + 2);
        return rebuilt;
    }

    /// <summary>The first DistinguishedName&lt;1..2^16-1&gt; of a CA list, or null for an empty list.</summary>
    private static byte[]? FirstName(ReadOnlySpan<byte> names)
    {
        if (names.IsEmpty)
        {
            return null;
        }
        var reader = new Reader(names.ToArray());
        return reader.Take(reader.U16()).ToArray();
    }

    private sealed class Reader(byte[] data)
    {
        public int Position { get; private set; }

        public bool AtEnd => Position == data.Length;

        public int U8() => Take(1)[0];

        public int U16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

        public void Skip(int count) => Take(count);

        public ReadOnlySpan<byte> Slice(int from) => data.AsSpan(from, Position - from);

        public ReadOnlySpan<byte> Take(int count)
        {
            if (count > data.Length - Position)
            {
                throw new TlsFatalAlert(AlertDescription.decode_error, "truncated certificate request");
            }
            Position += count;
            return data.AsSpan(Position - count, count);
        }

        public void ExpectEnd()
        {
            if (!AtEnd)
            {
                throw new TlsFatalAlert(AlertDescription.decode_error, "trailing bytes in certificate request");
            }
        }
    }
}
