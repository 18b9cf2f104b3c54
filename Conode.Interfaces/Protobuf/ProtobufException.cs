namespace Conode.Protobuf;

/// <summary>
/// The only exception the dedis protobuf codec lets escape: malformed or hostile input, a value Go could not
/// encode either, or a C# type that cannot be mapped to the Go wire rules. The message names the message type and
/// field path, innermost last (e.g. <c>onet.Roster.List: network.ServerIdentity.ID: ...</c>).
/// </summary>
public class ProtobufException : Exception
{
    public ProtobufException(string message) : base(message)
    {
    }

    public ProtobufException(string message, Exception inner) : base(message, inner)
    {
    }
}
