using System.Collections.Concurrent;
using System.Reflection;
using Conode.Protobuf;

namespace Conode.Network;

/// <summary>
/// onet message type IDs (onet-wire.md §2.1): uuid5 of <c>"https://dedis.epfl.ch//protocolType/" + pkg.Name</c>
/// (the double slash is Go's). The 16 bytes prefix every conode-to-conode frame.
/// </summary>
public static class MessageTypeId
{
    private const string Prefix = "https://dedis.epfl.ch//protocolType/";

    /// <summary>onet's ErrorType: the nil UUID, never a legitimate wire type.</summary>
    public static Uuid ErrorType => Uuid.Nil;

    /// <summary>The ID of a Go type string such as <c>"onet.ProtocolMsg"</c>.</summary>
    public static Uuid Of(string goType) => Uuid.V5(Prefix + goType);

    /// <summary>The ID of a message class, from its [DedisMessage] Go type string (cached: it is hashed per frame).</summary>
    public static Uuid Of(Type messageType)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        return ByType.TryGetValue(messageType, out var id) ? id : ByType.GetOrAdd(messageType, Compute(messageType));
    }

    public static Uuid Of<T>() where T : class => Of(typeof(T));

    private static readonly ConcurrentDictionary<Type, Uuid> ByType = new();

    private static Uuid Compute(Type messageType)
    {
        var attribute = messageType.GetCustomAttribute<DedisMessageAttribute>()
            ?? throw new ArgumentException($"{messageType.FullName} has no [DedisMessage]", nameof(messageType));
        return Of(attribute.GoType);
    }
}
