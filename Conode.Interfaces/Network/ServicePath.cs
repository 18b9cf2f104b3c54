using Conode.Protobuf;

namespace Conode.Network;

/// <summary>Client paths are <c>/&lt;Service&gt;/&lt;Method&gt;</c>, the method being the Go name of the request type.</summary>
public static class ServicePath
{
    /// <summary><c>status.Request</c> → <c>Request</c>.</summary>
    public static string MethodOf(Type requestType)
    {
        var goType = DedisProtobuf.GoTypeOf(requestType);
        return goType[(goType.LastIndexOf('.') + 1)..];
    }
}
