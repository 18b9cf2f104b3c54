namespace Conode.Silo.Storage;

/// <summary>What a grain store tells the Status service's <c>Db</c> section about itself.</summary>
public interface IStoreStatistics
{
    Task<IReadOnlyDictionary<string, string>> GetStatusFieldsAsync();

    /// <summary>How many states of grain type <paramref name="grainType"/> are stored and their bytes; null when the store cannot tell.</summary>
    Task<(long Count, long Bytes)?> GetGrainTypeStatisticsAsync(string grainType) => Task.FromResult<(long, long)?>(null);
}
