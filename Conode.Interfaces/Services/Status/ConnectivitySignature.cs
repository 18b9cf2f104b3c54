using System.Buffers.Binary;
using System.Security.Cryptography;
using Conode.Protobuf;

namespace Conode.Services.Status;

/// <summary>
/// What the operator signs to ask their node for a <see cref="CheckConnectivity"/> (cothority-services.md §5.2):
/// SHA-256 of LE64(Time) ‖ LE64(Timeout) ‖ FindFaulty ‖ the protobuf of each listed identity. The node
/// re-encodes the identities it decoded, so the encoder must reproduce Go's bytes exactly.
/// </summary>
public static class ConnectivitySignature
{
    public static byte[] Message(CheckConnectivity request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(number, request.Time);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64LittleEndian(number, request.Timeout);
        hash.AppendData(number);
        hash.AppendData([request.FindFaulty ? (byte)1 : (byte)0]);
        foreach (var identity in request.List)
        {
            hash.AppendData(DedisProtobuf.Encode(identity));
        }
        return hash.GetHashAndReset();
    }
}
