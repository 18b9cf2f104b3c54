using System.Collections.Concurrent;
using Conode.Cosi;
using Conode.Messaging;
using Conode.Protobuf;
using Conode.Services.Skipchain;

namespace Conode.Network;

/// <summary>A frame carried a type ID this process has no message class for (Go drops such frames, §3.2).</summary>
public sealed class UnknownMessageTypeException(Uuid typeId)
    : ProtobufException($"message type {typeId} is not registered")
{
    public Uuid TypeId { get; } = typeId;
}

/// <summary>
/// onet's type registry: message type ID ↔ C# class, with <c>network.Marshal</c>/<c>Unmarshal</c>
/// (type ID ‖ protobuf body, onet-wire.md §2, §3.1).
/// </summary>
public sealed class MessageRegistry
{
    private readonly ConcurrentDictionary<Uuid, Type> _types = new();

    /// <summary>
    /// What a stock conode registers at start: the onet types (<see cref="CreateWithOnetTypes"/>), the Skipchain
    /// messages, the blscosi protocol messages and the propagation messages.
    /// </summary>
    public static MessageRegistry Default { get; } = CreateWithConodeTypes();

    public static MessageRegistry CreateWithConodeTypes()
    {
        var registry = CreateWithOnetTypes();
        foreach (var type in SkipchainMessageTypes.All.Concat(
                     [
                         typeof(Announcement), typeof(Response), typeof(Refusal), typeof(Stop),
                         typeof(PropagateSendData), typeof(PropagateReply),
                     ]))
        {
            registry.Register(type);
        }
        return registry;
    }

    /// <summary>
    /// What every onet process registers: network.ServerIdentity, the onet overlay messages and the Broadcast
    /// protocol's messaging types.
    /// </summary>
    public static MessageRegistry CreateWithOnetTypes()
    {
        var registry = new MessageRegistry();
        foreach (var type in new[]
                 {
                     typeof(ServerIdentity), typeof(ProtocolMsg), typeof(RequestTree), typeof(ResponseTree),
                     typeof(TreeMarshal), typeof(RequestRoster), typeof(Roster), typeof(ConfigMsg),
                     typeof(GenericConfig), typeof(ContactNodes), typeof(Done),
                 })
        {
            registry.Register(type);
        }
        return registry;
    }

    /// <summary>Registers a [DedisMessage] class; registering it again is harmless.</summary>
    /// <exception cref="ArgumentException">Another class already claims the same Go type string.</exception>
    public Uuid Register(Type messageType)
    {
        DedisProtobuf.GoTypeOf(messageType); // validates the mapping now rather than at the first frame
        var id = MessageTypeId.Of(messageType);
        var existing = _types.GetOrAdd(id, messageType);
        if (existing != messageType)
        {
            throw new ArgumentException($"{messageType.FullName} and {existing.FullName} share type ID {id}");
        }
        return id;
    }

    public Uuid Register<T>() where T : class => Register(typeof(T));

    public bool TryGetType(Uuid typeId, out Type messageType) => _types.TryGetValue(typeId, out messageType!);

    /// <summary>Go's MessageType: the registered ID, or <see cref="MessageTypeId.ErrorType"/>.</summary>
    public Uuid TypeIdOf(Type messageType)
    {
        var id = MessageTypeId.Of(messageType);
        return _types.TryGetValue(id, out var registered) && registered == messageType ? id : MessageTypeId.ErrorType;
    }

    /// <summary>network.Marshal: type ID ‖ protobuf(message). Unregistered types are refused, as in Go.</summary>
    public byte[] Marshal(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = TypeIdOf(message.GetType());
        if (id.IsNil)
        {
            throw new ProtobufException($"type of message {message.GetType().FullName} is not registered");
        }
        return DedisProtobuf.Encode(id, message);
    }

    /// <summary>network.Unmarshal: reads the type ID and decodes the body into the registered class.</summary>
    /// <exception cref="UnknownMessageTypeException">The type ID (including the nil ErrorType) is not registered.</exception>
    /// <exception cref="ProtobufException">The packet is shorter than a type ID or the body is malformed.</exception>
    public (Uuid TypeId, object Message) Unmarshal(ReadOnlySpan<byte> packet, KyberTypeRegistry? kyberTypes = null)
    {
        if (packet.Length < Uuid.Size)
        {
            throw new ProtobufException($"packet of {packet.Length} bytes has no {Uuid.Size}-byte type ID");
        }
        var typeId = new Uuid(packet[..Uuid.Size]);
        if (!_types.TryGetValue(typeId, out var type))
        {
            throw new UnknownMessageTypeException(typeId);
        }
        return (typeId, DedisProtobuf.Decode(type, packet[Uuid.Size..], kyberTypes));
    }
}
