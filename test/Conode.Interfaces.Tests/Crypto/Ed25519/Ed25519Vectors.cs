using System.Text.Json;

namespace Conode.Tests.Crypto.Ed25519;

/// <summary>Loads cases of the shared kyber vector files; theories get the case id, then look the case up.</summary>
internal static class Ed25519Vectors
{
    private static readonly Dictionary<string, JsonDocument> Files = [];

    public static IEnumerable<object[]> Ids(string file, string section) =>
        Section(file, section).EnumerateArray().Select(c => new object[] { c.GetProperty("id").GetString()! });

    public static JsonElement Case(string file, string section, string id) =>
        Section(file, section).EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    public static byte[] Hex(this JsonElement element, string property) =>
        Convert.FromHexString(element.GetProperty(property).GetString()!);

    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static JsonElement Conventions(string file) => Section(file, "conventions");

    private static JsonElement Section(string file, string section) => Root(file).GetProperty(section);

    private static JsonElement Root(string file)
    {
        lock (Files)
        {
            if (!Files.TryGetValue(file, out var document))
            {
                document = JsonDocument.Parse(File.ReadAllText(SharedFolder.Vector(file)));
                Files[file] = document;
            }
            return document.RootElement;
        }
    }
}
