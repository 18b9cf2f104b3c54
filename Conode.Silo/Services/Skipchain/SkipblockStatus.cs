using System.Globalization;
using Conode.Silo.Services.Status;
using Conode.Silo.Storage;

namespace Conode.Silo.Services.Skipchain;

/// <summary>
/// The Status section <c>Skipblock</c> (§6.12): how many blocks this node stores and their bytes in the store (Go:
/// the bucket's keys and bytes in use).
/// </summary>
public sealed class SkipblockStatus(IStoreStatistics store) : IStatusReporter
{
    /// <summary>Grain type of the stored blocks (<see cref="Grains.Skipchain.SkipBlockGrain"/>).</summary>
    private const string BlockGrainType = "conode.skipblock";

    public string Section => "Skipblock";

    public async Task<IReadOnlyDictionary<string, string>> GetStatusAsync()
    {
        var (count, bytes) = await store.GetGrainTypeStatisticsAsync(BlockGrainType) ?? (0, 0);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Blocks"] = count.ToString(CultureInfo.InvariantCulture),
            ["Bytes"] = bytes.ToString(CultureInfo.InvariantCulture),
        };
    }
}
