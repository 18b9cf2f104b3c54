namespace Conode.Tests;

/// <summary>For what a node finishes after it answered (e.g. higher-level skipchain links): ask again until it is there.</summary>
public static class Eventually
{
    /// <summary>How long to keep asking; generous, for a loaded machine. Not a timing assertion.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Asks until <paramref name="done"/> holds, or the patience is spent; returns the last answer either way.</summary>
    public static async Task<T> AskAsync<T>(Func<Task<T>> ask, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var answer = await ask();
            if (done(answer) || DateTime.UtcNow > deadline)
            {
                return answer;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
