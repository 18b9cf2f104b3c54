using Conode.Grains.Skipchain;
using Conode.Network;
using Conode.Services.Skipchain;
using Conode.Silo.Overlay;
using Microsoft.Extensions.Logging;

namespace Conode.Silo.Services.Skipchain;

/// <summary>
/// The raw <c>ForwardSignature</c> an appending leader sends to the first member of an older roster (§6.6 step 8; Go's
/// deprecated processor). Nobody waits for an answer, so the link is created in the background: the overlay must
/// not hold the sender's connection while a signing round needs it.
/// </summary>
public sealed class ForwardSignatureHandler(ForwardLinkCreator links, ILogger<ForwardSignatureHandler> logger) : IServiceMessageHandler
{
    public IReadOnlyCollection<Type> MessageTypes { get; } = [typeof(ForwardSignature)];

    public Task HandleAsync(ServerIdentity from, object message)
    {
        var request = (ForwardSignature)message;
        _ = Task.Run(async () =>
        {
            try
            {
                await links.CreateAsync(request);
                logger.LogDebug("Created the level-{Level} link to block {Index} asked by {Peer}", request.TargetHeight,
                    request.Newest?.Index, from.Address);
            }
            catch (Exception e) when (e is SkipchainException or ArgumentException or InvalidOperationException)
            {
                logger.LogWarning("Level-{Level} link asked by {Peer} not created: {Error}", request.TargetHeight, from.Address, e.Message);
            }
        });
        return Task.CompletedTask;
    }
}
