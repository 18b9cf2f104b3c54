namespace Conode.Silo.Storage;

/// <summary>What a grain store tells the Status service's <c>Db</c> section about itself.</summary>
public interface IStoreStatistics
{
    Task<IReadOnlyDictionary<string, string>> GetStatusFieldsAsync();
}
