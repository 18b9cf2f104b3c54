namespace Conode.Grains.Messaging;

/// <summary>
/// When a node of the Broadcast protocol is done (cothority-services.md §5.3). With L the tree's node list and
/// i a node's index: a follower waits for i ContactNodes (the root's and one from each node before it) and for
/// |L|−i−1 Done (answers to its own ContactNodes); the root waits for two Done from every other node (the
/// answer to its ContactNodes and the final report).
/// </summary>
public sealed class BroadcastCounter
{
    private int _contactsExpected;
    private int _donesExpected;

    public BroadcastCounter(int index, int count)
    {
        if (count < 1 || index < 0 || index >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"index {index} is not in a list of {count}");
        }
        IsRoot = index == 0;
        _contactsExpected = IsRoot ? 0 : index;
        _donesExpected = IsRoot ? 2 * (count - 1) : count - index - 1;
    }

    public bool IsRoot { get; }

    public bool IsComplete => _contactsExpected == 0 && _donesExpected == 0;

    /// <summary>Counts a ContactNodes; false if it was one too many (a confused or hostile peer).</summary>
    public bool ContactReceived() => Take(ref _contactsExpected);

    /// <summary>Counts a Done; false if it was one too many.</summary>
    public bool DoneReceived() => Take(ref _donesExpected);

    private static bool Take(ref int expected)
    {
        if (expected == 0)
        {
            return false;
        }
        expected--;
        return true;
    }
}
