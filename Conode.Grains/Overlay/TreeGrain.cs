using Conode.Overlay;

namespace Conode.Grains.Overlay;

/// <summary>
/// Holds one protocol tree in memory. Trees only matter while a protocol runs (Go drops them 10 minutes
/// after use), so the grain keeps no durable state and lets Orleans collect it when idle.
/// </summary>
[GrainType("conode.tree")]
public sealed class TreeGrain : Grain, ITreeGrain
{
    private byte[]? _responseTree;

    public Task Store(byte[] responseTree)
    {
        _responseTree = responseTree;
        return Task.CompletedTask;
    }

    public Task<byte[]?> Get() => Task.FromResult(_responseTree);
}
