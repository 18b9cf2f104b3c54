namespace Conode.Grains;

/// <summary>Names of the grain storage providers the silo registers.</summary>
public static class StorageNames
{
    /// <summary>The node's durable store: SQLite in the data folder by default, PostgreSQL for several hosts.</summary>
    public const string Default = "conode";
}
