namespace Conode.IntegrationTests.Harness;

/// <summary>The checkout's root (the folder holding Conode.sln), found from the test binary.</summary>
public static class RepositoryFolder
{
    public static string Path { get; } = Locate();

    public static string InteropJs => System.IO.Path.Combine(Path, "test", "interop-js");

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Conode.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Conode.sln not found above " + AppContext.BaseDirectory);
    }
}
