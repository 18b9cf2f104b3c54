namespace Conode.Tests;

/// <summary>
/// Finds the read-only <c>shared/</c> folder (specs and kyber vectors) that sits beside the repository.
/// CONODE_SHARED overrides the search; otherwise every parent of the test binary is tried.
/// </summary>
public static class SharedFolder
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Path => Root.Value;

    public static string Vector(string fileName) => System.IO.Path.Combine(Path, "vectors", fileName);

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("CONODE_SHARED");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return fromEnv;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "vectors")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException(
            "shared/ (with vectors/) was not found beside the repository; set CONODE_SHARED to its path.");
    }
}
