namespace Conode.Grains.Cosi;

/// <summary>
/// What a subleader has from its leaves (Go's <c>dispatchSubLeader</c>, cothority-services.md §7.4 step 4): each
/// leaf answers once, with a verified signature or a verified refusal; a leaf that could not be reached counts as
/// answered. The subleader's own signature is kept with the leaves'.
/// </summary>
public sealed class SubleaderCollector
{
    private readonly HashSet<int> _pending;
    private readonly Dictionary<int, byte[]> _signatures = [];

    public SubleaderCollector(IEnumerable<int> leaves)
    {
        _pending = [.. leaves];
    }

    /// <summary>Every leaf answered or was unreachable.</summary>
    public bool IsDone => _pending.Count == 0;

    /// <summary>Individual signatures by roster index: the subleader's own and the accepted leaves'.</summary>
    public IReadOnlyDictionary<int, byte[]> Signatures => _signatures;

    /// <summary>True when leaf <paramref name="index"/> may still answer (not a stranger, not a duplicate).</summary>
    public bool IsAwaited(int index) => _pending.Contains(index);

    /// <summary>Keeps the subleader's own signature.</summary>
    public void AddOwn(int index, byte[] signature) => _signatures[index] = signature;

    /// <summary>Records an awaited leaf's verified signature.</summary>
    public void Signed(int index, byte[] signature)
    {
        Answer(index);
        _signatures[index] = signature;
    }

    /// <summary>Records an awaited leaf's verified refusal (Go keeps it as an empty response).</summary>
    public void Refused(int index) => Answer(index);

    /// <summary>The announcement could not be sent to leaf <paramref name="index"/>: Go stops waiting for it.</summary>
    public void Unreachable(int index) => _pending.Remove(index);

    private void Answer(int index)
    {
        if (!_pending.Remove(index))
        {
            throw new InvalidOperationException($"roster member {index} is not an awaited leaf");
        }
    }
}
