using System.Collections.Concurrent;
using Conode.Network;

namespace Conode.Silo.Overlay;

/// <summary>
/// Configs announced by <c>onet.ConfigMsg</c> for a protocol instance (by TokenID) that has not received its first
/// message yet (onet-wire.md §5.3). Bounded: a peer announcing configs for instances that never start cannot
/// grow it without limit; past the bound the oldest half is forgotten.
/// </summary>
public sealed class PendingConfigs(int capacity = 1024)
{
    private readonly ConcurrentDictionary<Uuid, (long Order, byte[] Data)> _configs = new();
    private long _order;

    public int Count => _configs.Count;

    public void Add(Uuid destination, byte[] data)
    {
        if (_configs.Count >= capacity)
        {
            foreach (var stale in _configs.OrderBy(c => c.Value.Order).Take(capacity / 2).Select(c => c.Key).ToList())
            {
                _configs.TryRemove(stale, out _);
            }
        }
        _configs[destination] = (Interlocked.Increment(ref _order), data);
    }

    /// <summary>The config announced for <paramref name="destination"/>, once.</summary>
    public byte[]? Take(Uuid destination) => _configs.TryRemove(destination, out var config) ? config.Data : null;
}
