using Conode.Silo.Storage.Postgres;

namespace Conode.Silo.Tests.Storage;

public class PostgresSchemaTests
{
    [Fact]
    public void EveryScriptOfDbScriptsIsEmbeddedInTheConode()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "Conode.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("Conode.sln not found above the tests");
        }
        var newest = Directory.GetFiles(Path.Combine(folder.FullName, "db-scripts", "schema"), "*.sql")
            .Select(file => int.Parse(Path.GetFileName(file).Split('-')[0], System.Globalization.CultureInfo.InvariantCulture))
            .Max();

        Assert.Equal(newest, PostgresSchema.LatestVersion);
    }
}
