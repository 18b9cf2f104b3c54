namespace Conode.Silo.Storage;

/// <summary>A grain store's own proof, for <c>/health</c>, that it can still take writes.</summary>
public interface IStoreHealth
{
    /// <summary>Writes a marker durably and reads it back; throws with the store's reason when it cannot.</summary>
    Task CheckWritableAsync(CancellationToken cancellationToken);
}
