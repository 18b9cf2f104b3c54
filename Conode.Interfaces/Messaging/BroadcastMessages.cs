using Conode.Protobuf;

namespace Conode.Messaging;

/// <summary><c>messaging.ContactNodes</c>: the Broadcast protocol's request (empty; used by Status.CheckConnectivity).</summary>
[DedisMessage("messaging.ContactNodes")]
public sealed class ContactNodes;

/// <summary><c>messaging.Done</c>: the Broadcast protocol's acknowledgement (empty).</summary>
[DedisMessage("messaging.Done")]
public sealed class Done;
