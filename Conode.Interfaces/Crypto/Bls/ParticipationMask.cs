namespace Conode.Crypto.Bls;

/// <summary>
/// Which members of a roster of n keys took part in a collective signature (kyber <c>sign.Mask</c>):
/// ⌈n/8⌉ bytes, roster index i is bit <c>1 &lt;&lt; (i % 8)</c> of byte <c>i / 8</c>.
/// </summary>
public sealed class ParticipationMask
{
    private readonly byte[] bits;

    /// <summary>An empty mask (nobody enabled) for a roster of <paramref name="count"/> keys.</summary>
    public ParticipationMask(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        bits = new byte[ByteLength(count)];
    }

    /// <summary>Roster size n.</summary>
    public int Count { get; }

    public static int ByteLength(int count) => (count + 7) / 8;

    /// <summary>A mask with all n members enabled (what a wire signature without mask bytes means).</summary>
    public static ParticipationMask All(int count)
    {
        var m = new ParticipationMask(count);
        for (var i = 0; i < count; i++)
        {
            m[i] = true;
        }
        return m;
    }

    /// <summary>Go's <c>SetMask</c>: the byte string must be exactly ⌈n/8⌉ long.</summary>
    public static ParticipationMask FromBytes(ReadOnlySpan<byte> mask, int count)
    {
        var m = new ParticipationMask(count);
        if (mask.Length != m.bits.Length)
        {
            throw new FormatException($"participation mask: expected {m.bits.Length} bytes for {count} keys, got {mask.Length}");
        }
        mask.CopyTo(m.bits);
        return m;
    }

    public static ParticipationMask FromIndices(int count, IEnumerable<int> enabled)
    {
        var m = new ParticipationMask(count);
        foreach (var i in enabled)
        {
            m[i] = true;
        }
        return m;
    }

    public bool this[int index]
    {
        get
        {
            CheckIndex(index);
            return (bits[index >> 3] & (1 << (index & 7))) != 0;
        }
        set
        {
            CheckIndex(index);
            if (value)
            {
                bits[index >> 3] |= (byte)(1 << (index & 7));
            }
            else
            {
                bits[index >> 3] &= (byte)~(1 << (index & 7));
            }
        }
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"roster index {index} outside 0..{Count - 1}");
        }
    }

    /// <summary>Roster indices of the enabled members, ascending (bits past n are ignored).</summary>
    public IEnumerable<int> Enabled => Enumerable.Range(0, Count).Where(i => this[i]);

    public int CountEnabled => Enabled.Count();

    /// <summary>The mask bytes, ⌈n/8⌉ long.</summary>
    public byte[] ToBytes() => (byte[])bits.Clone();

    /// <summary>Bitwise OR with another mask over the same roster (tree aggregation).</summary>
    public ParticipationMask Merge(ParticipationMask other)
    {
        if (other.Count != Count)
        {
            throw new ArgumentException($"cannot merge a mask over {other.Count} keys into one over {Count}", nameof(other));
        }
        var m = new ParticipationMask(Count);
        for (var i = 0; i < bits.Length; i++)
        {
            m.bits[i] = (byte)(bits[i] | other.bits[i]);
        }
        return m;
    }
}
