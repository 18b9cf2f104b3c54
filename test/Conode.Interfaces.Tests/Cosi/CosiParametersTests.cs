using Conode.Cosi;
using Conode.Crypto.Ed25519;
using Conode.Interfaces.Tests.Skipchain;
using Conode.Network;
using Conode.Services.Skipchain;

namespace Conode.Interfaces.Tests.Cosi;

/// <summary>Round sizing and subtree shapes of cothority-services.md §7.2–§7.3.</summary>
public class CosiParametersTests
{
    [Fact]
    public void ThresholdsOfTheSpecTable() =>
        Assert.Equal([1, 2, 3, 3, 4, 5, 5, 6, 7, 7], Enumerable.Range(1, 10).Select(CosiParameters.Threshold));

    [Fact]
    public void FaultyMembersTolerated() =>
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2, 2, 3], Enumerable.Range(1, 10).Select(CosiParameters.MaxFaulty));

    [Fact]
    public void SubtreeCountsOfTheSpecTable()
    {
        // 1 for n ≤ 8, 2 for 9–27, 3 for 28–64, 4 for 65–124, 5 for 125–215, 6 from 216: the cubes 8, 27 and 64 fall
        // one short, 125 and 216 do not (Go's e^(ln n / 3) lands just above 5 and exactly on 6).
        var expected = Enumerable.Range(1, 216).Select(n => n switch
        {
            <= 8 => 1,
            <= 27 => 2,
            <= 64 => 3,
            <= 124 => 4,
            <= 215 => 5,
            _ => 6,
        });
        Assert.Equal(expected, Enumerable.Range(1, 216).Select(CosiParameters.SubtreeCount));
    }

    [Fact]
    public void SubtreeCountNeedsAMember() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CosiParameters.SubtreeCount(0));

    [Fact]
    public void TimeoutsOfASkipchainRound()
    {
        var round = CosiParameters.RoundTimeout(SkipchainConstants.PropagationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7.5), round);
        Assert.Equal(TimeSpan.FromSeconds(2.5), CosiParameters.SubtreeTimeout(round));
    }

    /// <summary>The four spec conodes, then made-up members.</summary>
    private static Roster RosterOf(int count) => Roster.Create(Enumerable.Range(0, count).Select(i => i < 4
        ? SkipchainSamples.Node(i)
        : ServerIdentity.Create(Ed25519Point.MultiplyBase(Ed25519Scalar.FromBytesModOrder([(byte)(i + 1)])), $"tls://127.0.0.1:{7770 + 2 * i}")));

    /// <summary>"leader(subleader(leaves…))" of each tree, by roster index.</summary>
    private static string[] Shapes(IEnumerable<Tree> trees) => trees.Select(t => Shape(t.Root)).ToArray();

    private static string Shape(TreeNode node) =>
        node.IsLeaf ? $"{node.RosterIndex}" : $"{node.RosterIndex}({string.Join(",", node.Children.Select(Shape))})";

    [Theory]
    [InlineData(1, 0, 1, new[] { "0" })]
    [InlineData(2, 0, 1, new[] { "0(1)" })]
    [InlineData(4, 0, 1, new[] { "0(1(2,3))" })]
    [InlineData(4, 0, 5, new[] { "0(1)", "0(2)", "0(3)" })] // at most n − 1 groups
    [InlineData(10, 0, 2, new[] { "0(1(2,3,4,5))", "0(6(7,8,9))" })] // the first (n − 1) mod k groups are longer
    [InlineData(10, 0, 3, new[] { "0(1(2,3))", "0(4(5,6))", "0(7(8,9))" })]
    [InlineData(10, 7, 2, new[] { "7(8(9,0,1,2))", "7(3(4,5,6))" })] // cyclic from the leader's successor
    [InlineData(5, 4, 2, new[] { "4(0(1))", "4(2(3))" })]
    public void SubtreesAsGoCutsThem(int members, int leader, int subtrees, string[] shapes) =>
        Assert.Equal(shapes, Shapes(CosiParameters.GenerateSubtrees(RosterOf(members), leader, subtrees)));

    [Fact]
    public void EverySubtreeSpansTheWholeRosterWithGosIds()
    {
        var roster = RosterOf(10);
        var trees = CosiParameters.GenerateSubtrees(roster, 0, CosiParameters.SubtreeCount(10));
        Assert.All(trees, tree =>
        {
            Assert.Same(roster, tree.Roster);
            Assert.Equal(OnetIds.TreeId(roster.Id, tree.Root), tree.Id);
            Assert.All(tree.Nodes, node => Assert.Equal(OnetIds.TreeNodeId(roster.List[node.RosterIndex].Public!), node.Id));
        });
        Assert.Equal(trees.Count, trees.Select(t => t.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 9), trees.SelectMany(t => t.Nodes.Skip(1).Select(n => n.RosterIndex)).Order());
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => CosiParameters.GenerateSubtrees(Roster.Create([]), 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CosiParameters.GenerateSubtrees(RosterOf(3), 3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CosiParameters.GenerateSubtrees(RosterOf(3), 0, 0));
    }

    [Fact]
    public void ASubtreeFromRosterIndicesIsGosGenSubtree()
    {
        var roster = RosterOf(5);
        Assert.Equal(["0(2(3,4,1))"], Shapes([CosiParameters.Subtree(roster, [0, 2, 3, 4, 1])]));
        Assert.Throws<ArgumentException>(() => CosiParameters.Subtree(roster, [0]));
        Assert.Throws<ArgumentException>(() => CosiParameters.Subtree(roster, [0, 5]));
        Assert.Throws<ArgumentException>(() => CosiParameters.Subtree(roster, [0, 1, 0]));
    }
}
