using Conode.Services.Skipchain;

namespace Conode.Interfaces.Tests.Skipchain;

/// <summary>
/// Heights and link levels (cothority-services.md §6.4, §6.7, §6.13). Expected values are what Go 1.19.8/amd64 computes
/// with the same formulas (a throwaway Go program over about 600 000 cases agreed with <see cref="SkipLevels"/>).
/// </summary>
public class SkipLevelsTests
{
    public static TheoryData<int, int, long> ExactPowers()
    {
        var data = new TheoryData<int, int, long>();
        foreach (var baseHeight in new[] { 2, 3, 4, 5, 6, 7, 8, 16, 32 })
        {
            for (var (exponent, power) = (0, 1L); power <= 1L << 40; exponent++, power *= baseHeight)
            {
                data.Add(baseHeight, exponent, power);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ExactPowers))]
    public void CommonBasesGiveExactLevelsUpTo2To40(int baseHeight, int exponent, long distance)
    {
        Assert.Equal(exponent, SkipLevels.LinkLevel(0, distance, baseHeight));
        Assert.Equal(exponent, SkipLevels.JumpLevel(distance, baseHeight));
    }

    [Theory]
    [InlineData(1000L, 10, 2, 3)] // Go: ln 1000 / ln 10 = 2.9999999999999996
    [InlineData(1_000_000L, 10, 5, 6)]
    [InlineData(1_000_000_000L, 10, 8, 9)]
    [InlineData(1_000_000_000_000L, 10, 11, 12)]
    [InlineData(59049L, 9, 4, 5)] // 9⁵
    [InlineData(3486784401L, 9, 9, 10)] // 9¹⁰
    [InlineData(243L, 3, 5, 5)] // 3⁵, 3¹⁰, 3¹³: exact in Go, off by one with glibc's log
    [InlineData(59049L, 3, 10, 10)]
    [InlineData(1594323L, 3, 13, 13)]
    [InlineData(999L, 10, 2, 3)]
    [InlineData(15L, 4, 1, 2)]
    public void LevelsAsGoComputesThem(long distance, int baseHeight, int truncated, int rounded)
    {
        Assert.Equal(truncated, SkipLevels.LinkLevel(7, 7 + distance, baseHeight));
        Assert.Equal(rounded, SkipLevels.JumpLevel(distance, baseHeight));
    }

    [Theory]
    [InlineData(5L, 1)] // ln 1 = 0: Go's int(+Inf)
    [InlineData(1L, 1)] // 0/0
    [InlineData(0L, 4)] // ln 0 = −∞
    public void UndefinedLevelsAreGosIndefiniteInteger(long distance, int baseHeight)
    {
        Assert.Equal(int.MinValue, SkipLevels.LinkLevel(3, 3 + distance, baseHeight));
        Assert.Equal(int.MinValue, SkipLevels.JumpLevel(distance, baseHeight));
    }

    [Theory]
    [InlineData(0, 32, 4, 16, 2, 16)]
    [InlineData(0, 32, 4, 15, 1, 4)]
    [InlineData(0, 32, 4, 64, 3, 64)]
    [InlineData(0, 32, 4, 1000, 4, 256)]
    [InlineData(0, 3, 4, 1000, 2, 16)] // capped at Height − 1
    [InlineData(100, 32, 4, 0, 3, 36)] // backwards
    [InlineData(100, 2, 4, -200, 1, 96)]
    [InlineData(0, 32, 10, 1000, 2, 100)] // base 10 falls one level short
    [InlineData(0, 32, 10, 999, 2, 100)]
    [InlineData(0, 32, 3, 243, 5, 243)]
    [InlineData(0, 32, 9, 729, 3, 729)]
    [InlineData(0, 32, 2, 1024, 10, 1024)]
    [InlineData(4, 1, 4, 100, 0, 5)]
    [InlineData(9, 32, 1, 0, 0, 10)] // base 1: always the next block
    [InlineData(27, 5, 3, 27, int.MinValue, 27)] // no distance
    public void PathForIndexAsGo(int index, int height, int baseHeight, int target, int level, int reached)
    {
        var block = new SkipBlock { Index = index, Height = height, BaseHeight = baseHeight, MaximumHeight = 32 };
        Assert.Equal((level, reached), SkipLevels.PathForIndex(block, target));
    }

    [Theory]
    [InlineData(1, 4, 32, 1)]
    [InlineData(4, 4, 32, 2)]
    [InlineData(12, 4, 32, 2)]
    [InlineData(16, 4, 32, 3)]
    [InlineData(64, 4, 32, 4)]
    [InlineData(0, 4, 32, 32)] // genesis
    [InlineData(64, 2, 3, 3)] // capped
    [InlineData(7, 1, 1, 1)]
    [InlineData(1000, 10, 32, 4)]
    [InlineData(-8, 2, 32, 4)] // Go's remainder keeps the dividend's sign
    public void HeightForIndex(int index, int baseHeight, int maximumHeight, int height) =>
        Assert.Equal(height, SkipLevels.HeightForIndex(index, baseHeight, maximumHeight));

    [Fact]
    public void HeightNeedsAPositiveBase() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SkipLevels.HeightForIndex(4, 0, 32));
}
