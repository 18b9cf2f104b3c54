using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Conode.Crypto;

/// <summary>
/// A process-wide memo of costly results over public inputs (decoded points, Miller-loop lines, passed checks). It
/// holds at most its capacity: when full it starts over, which costs a recomputation, never a wrong answer. Safe to use
/// from any thread.
/// </summary>
internal sealed class BoundedMemo<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new();

    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value) => _entries.TryGetValue(key, out value);

    public void Add(TKey key, TValue value)
    {
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }
        _entries[key] = value;
    }

    /// <summary>The remembered value, or <paramref name="create"/>(<paramref name="argument"/>)'s, then remembered.</summary>
    public TValue GetOrAdd<TArgument>(TKey key, Func<TArgument, TValue> create, TArgument argument)
    {
        if (TryGetValue(key, out var known))
        {
            return known;
        }
        var value = create(argument);
        Add(key, value);
        return value;
    }

    public void Clear() => _entries.Clear();
}
