using Conode.Numerics;

namespace Conode.Services.Skipchain;

/// <summary>
/// Block heights and link levels (cothority-services.md §6.4, §6.5.2, §6.7). Levels come from Go's floating-point
/// formulas evaluated with <see cref="GoMath"/>, because a cosigner refuses a link whose level it computes
/// differently (§6.13): e.g. Go finds level 2, not 3, for a jump of 1000 blocks in base 10.
/// </summary>
/// <remarks>
/// Where Go's <c>int(x)</c> meets NaN or ±∞ (a zero distance, base 1 for the log-based levels) the result is
/// <see cref="int.MinValue"/>, standing for Go's "integer indefinite" value: it compares like Go's with any real level.
/// </remarks>
public static class SkipLevels
{
    /// <summary>
    /// Height of a block at <paramref name="index"/> (Go's loop in StoreSkipBlock): 1 + the number of times
    /// <paramref name="baseHeight"/> divides the index, capped at <paramref name="maximumHeight"/>. Index 0 (the
    /// genesis) and base 1 give the maximum.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="baseHeight"/> &lt; 1 (Go would divide by zero or worse).</exception>
    public static int HeightForIndex(int index, int baseHeight, int maximumHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baseHeight, 1);
        var height = 1;
        for (var rest = index; rest % baseHeight == 0 && height < maximumHeight; rest /= baseHeight)
        {
            height++;
        }
        return height;
    }

    /// <summary>
    /// Go's pathForIndex: the highest level h a link from (or back link of) <paramref name="from"/> can use toward
    /// <paramref name="targetIndex"/>, and the index that link reaches:
    /// h = int(min(ln|target − Index| / ln BaseHeight, Height − 1)), reach = Index ± round(e^(h·ln BaseHeight)) (half away
    /// from zero). BaseHeight 1 gives (0, Index + 1) in either direction. A target equal to Index gives
    /// (<see cref="int.MinValue"/>, Index).
    /// </summary>
    public static (int Level, int Index) PathForIndex(SkipBlock from, int targetIndex)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (from.BaseHeight == 1)
        {
            return (0, from.Index + 1);
        }
        var distance = GoMath.Log(Math.Abs((double)((long)targetIndex - from.Index)));
        var logBase = GoMath.Log(from.BaseHeight);
        var level = GoMath.ToInt64(Math.Min(distance / logBase, from.Height - 1));
        var offset = GoMath.ToInt64(Math.Round(GoMath.Exp(level * logBase), MidpointRounding.AwayFromZero));
        if (targetIndex < from.Index)
        {
            offset = -offset;
        }
        return (AsInt(level), unchecked((int)(from.Index + offset)));
    }

    /// <summary>
    /// The level a stored link from index <paramref name="fromIndex"/> to <paramref name="toIndex"/> must sit at when
    /// blocks are stored (§6.7): int(ln(to − from) / ln base), truncated.
    /// </summary>
    public static int LinkLevel(long fromIndex, long toIndex, int baseHeight) =>
        AsInt(GoMath.ToInt64(GoMath.Log(toIndex - fromIndex) / GoMath.Log(baseHeight)));

    /// <summary>
    /// The level GetSingleBlockByIndex takes for a hop of <paramref name="deltaIndex"/> blocks (§6.5.2, Go's
    /// Proof.GetForwardLinks): int(round(ln Δ / ln base)), half away from zero. Base 1 gives <see cref="int.MinValue"/>,
    /// where Go indexes out of range and panics: callers must answer with an error.
    /// </summary>
    public static int JumpLevel(long deltaIndex, int baseHeight) =>
        AsInt(GoMath.ToInt64(Math.Round(GoMath.Log(deltaIndex) / GoMath.Log(baseHeight), MidpointRounding.AwayFromZero)));

    private static int AsInt(long level) => level is >= int.MinValue and <= int.MaxValue ? (int)level : int.MinValue;
}
