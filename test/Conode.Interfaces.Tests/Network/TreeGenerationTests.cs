using Conode.Crypto.Ed25519;
using Conode.Interfaces.Tests.Protobuf;
using Conode.Network;

namespace Conode.Interfaces.Tests.Network;

public class TreeGenerationTests
{
    private static Roster RosterOf(int count) => Roster.Create(Enumerable.Range(0, count).Select(i =>
        ServerIdentity.Create(Ed25519Point.MultiplyBase(Ed25519Scalar.FromBytesModOrder([(byte)(i + 1)])), $"tls://127.0.0.1:{7770 + 2 * i}")));

    /// <summary>"index(children...)" of the subtree, to compare shapes.</summary>
    private static string Shape(TreeNode node) =>
        node.IsLeaf ? $"{node.RosterIndex}" : $"{node.RosterIndex}({string.Join(",", node.Children.Select(Shape))})";

    [Theory]
    [InlineData(1, 2, "0")]
    [InlineData(5, 2, "0(1(3,4),2)")]
    [InlineData(7, 2, "0(1(3,4),2(5,6))")]
    [InlineData(6, 3, "0(1(4,5),2,3)")]
    [InlineData(4, 1, "0(1(2(3)))")]
    public void BreadthFirstInRosterOrder(int members, int branching, string shape) =>
        Assert.Equal(shape, Shape(Tree.GenerateNary(RosterOf(members), branching).Root));

    [Fact]
    public void RootElsewhereWrapsAroundTheRoster()
    {
        var roster = RosterOf(5);
        Assert.Equal("3(4(1,2),0)", Shape(Tree.GenerateNary(roster, 2, roster.List[3]).Root));
    }

    [Fact]
    public void ShapeChangesTheTreeIdButNotTheNodeIds()
    {
        var roster = RosterOf(5);
        var binary = Tree.GenerateBinary(roster);
        var star = Tree.GenerateNary(roster, 4);
        Assert.NotEqual(binary.Id, star.Id);
        Assert.Equal(binary.Nodes.Select(n => n.Id).Order(), star.Nodes.Select(n => n.Id).Order());
        Assert.Equal(binary.Id, Tree.FromMarshal(binary.ToMarshal(), roster).Id);
    }

    [Fact]
    public void RootOutsideTheRosterIsRejected()
    {
        var outsider = ServerIdentity.Create(new TestKyber("ed.point", new byte[32]), "tls://10.0.0.9:7770");
        outsider.Id = Uuid.V5("elsewhere");
        Assert.Throws<ArgumentException>(() => Tree.GenerateNary(RosterOf(3), 2, outsider));
    }
}
