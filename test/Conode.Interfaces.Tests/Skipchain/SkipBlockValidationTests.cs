using Conode.Interfaces.Tests.Protobuf;
using Conode.Services.Skipchain;
using static Conode.Interfaces.Tests.Skipchain.SkipchainSamples;

namespace Conode.Interfaces.Tests.Skipchain;

/// <summary>V0 and VerifyBase (cothority-services.md §6.7).</summary>
public class SkipBlockValidationTests
{
    [Fact]
    public void SpecBlocksPassV0()
    {
        Assert.Null(SkipBlockValidation.CheckBasic(Genesis()));
        Assert.Null(SkipBlockValidation.CheckBasic(Block1()));
    }

    public static TheoryData<string, Action<SkipBlock>> BrokenBlocks => new()
    {
        { "Set a maximumHeight > 0", b => b.MaximumHeight = 0 },
        { "Set a baseHeight > 0", b => b.BaseHeight = -1 },
        { "Set maximumHeight to 1 when baseHeight is 1", b => b.BaseHeight = 1 },
        { "Can't have an index < 0", b => b.Index = -1 },
        { "Need at least one backlinkID", b => b.BackLinkIds.Clear() },
        { "Minimum height is 1", b => b.Height = 0 },
        { "Height must be <= maximumHeight", b => b.Height = 33 },
        { "Need a roster", b => b.Roster = null },
    };

    [Theory]
    [MemberData(nameof(BrokenBlocks))]
    public void V0ReportsTheFirstBrokenRule(string error, Action<SkipBlock> breakIt)
    {
        var block = Block1();
        breakIt(block);
        Assert.Equal(error, SkipBlockValidation.CheckBasic(block));
    }

    [Fact]
    public void PlainChainWithOneLevelPasses()
    {
        var block = Block1();
        (block.BaseHeight, block.MaximumHeight) = (1, 1);
        Assert.Null(SkipBlockValidation.CheckBasic(block));
    }

    [Fact]
    public void B1FollowsG() => Assert.Null(SkipBlockValidation.CheckVerifyBase(Hex.Bytes(HashB1), Block1(), Genesis()));

    public static TheoryData<string, Action<SkipBlock, SkipBlock>> BrokenSuccessions => new()
    {
        { "previous block belongs to another chain", (_, next) => next.GenesisId = [1] },
        { "heights differ from the previous block", (previous, _) => previous.MaximumHeight = 31 },
        { "heights differ from the previous block", (previous, _) => previous.BaseHeight = 2 },
        { "index does not follow the previous block", (_, next) => next.Index = 2 },
        { "signature scheme downgraded", (_, next) => next.SignatureScheme = 0 },
        { "previous block is not the first back link", (_, next) => next.BackLinkIds[0] = [2] },
        { "Need a roster", (_, next) => next.Roster = null },
    };

    [Theory]
    [MemberData(nameof(BrokenSuccessions))]
    public void VerifyBaseRefuses(string error, Action<SkipBlock, SkipBlock> breakIt)
    {
        var (previous, next) = (Genesis(), Block1());
        breakIt(previous, next);
        Assert.Equal(error, SkipBlockValidation.CheckVerifyBase(next.Hash, next, previous));
    }

    [Fact]
    public void VerifyBaseNeedsTheSignedHashAndAStoredPrevious()
    {
        Assert.Equal("Hashes are not equal", SkipBlockValidation.CheckVerifyBase(Hex.Bytes(HashG), Block1(), Genesis()));
        Assert.Equal("previous block is not stored", SkipBlockValidation.CheckVerifyBase(Hex.Bytes(HashB1), Block1(), null));
    }
}
