using System.Text.Json;
using Conode.Tests;

namespace Conode.Interfaces.Tests.Bn256;

/// <summary>Loads the shared kyber vectors and turns case arrays into xunit theory data (by case id).</summary>
internal static class Bn256Vectors
{
    public static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(SharedFolder.Vector(file))).RootElement;

    public static JsonElement Case(string file, string section, string id)
    {
        var root = Load(file);
        foreach (var c in Cases(root, section))
        {
            if (c.GetProperty("id").GetString() == id)
            {
                return c;
            }
        }
        throw new KeyNotFoundException($"{file}/{section}/{id}");
    }

    public static TheoryData<string> Ids(string file, string section, Func<JsonElement, bool>? where = null)
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases(Load(file), section))
        {
            if (where == null || where(c))
            {
                data.Add(c.GetProperty("id").GetString()!);
            }
        }
        return data;
    }

    private static JsonElement.ArrayEnumerator Cases(JsonElement root, string section)
    {
        var node = root;
        foreach (var part in section.Split('.'))
        {
            node = node.GetProperty(part);
        }
        return node.EnumerateArray();
    }

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static byte[] Hex(this JsonElement e, string name) => Convert.FromHexString(e.Str(name));

    public static string[] StrArray(this JsonElement e, string name) =>
        e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!).ToArray();
}
