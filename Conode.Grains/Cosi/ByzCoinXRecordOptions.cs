namespace Conode.Grains.Cosi;

/// <summary>How long <see cref="ByzCoinXGrain"/> keeps the record of a run (<see cref="ByzCoinXRunState"/>).</summary>
public sealed class ByzCoinXRecordOptions
{
    /// <summary>Environment variable that sets <see cref="Retention"/>, in seconds.</summary>
    public const string RetentionVariable = "CONODE_COSI_RECORD_RETENTION";

    /// <summary>
    /// How long past its deadline a run's record is kept; then it is deleted. Within it, a repeated call under the same
    /// round ID gets the recorded outcome; after it the round ID is free again. The only caller (the skipchain) uses
    /// a fresh round ID per run and waits at most until the deadline, so a short retention loses nothing.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromMinutes(2);
}
