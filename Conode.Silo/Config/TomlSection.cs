using Tomlyn;
using Tomlyn.Model;

namespace Conode.Silo.Config;

/// <summary>
/// Read access to one TOML table of a config file, producing <see cref="ConfigException"/>s that carry the file
/// and the full key path. Keys match exactly first, then case-insensitively, like BurntSushi/toml does for Go
/// struct fields (so JS-style <c>Url</c> is read as <c>URL</c>). Unknown keys are simply never asked for.
/// </summary>
internal sealed class TomlSection
{
    private readonly TomlTable table;
    private readonly string prefix;

    private TomlSection(string file, string prefix, TomlTable table)
    {
        File = file;
        this.prefix = prefix;
        this.table = table;
    }

    public string File { get; }

    /// <summary>The text of a configuration file; an unreadable file is a <see cref="ConfigException"/> naming it.</summary>
    public static string ReadFile(string path)
    {
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, null, $"cannot read file: {e.Message}", e);
        }
    }

    /// <summary>Parses a whole document; syntax errors become a ConfigException with Tomlyn's line and column.</summary>
    public static TomlSection Parse(string text, string file)
    {
        try
        {
            return new TomlSection(file, "", TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable());
        }
        catch (TomlException e)
        {
            var where = e.Line is { } line ? $" at line {line}, column {e.Column}" : "";
            throw new ConfigException(file, null, $"invalid TOML{where}: {FirstLine(e.Message)}", e);
        }
    }

    public string PathOf(string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    public ConfigException Error(string name, string problem) => new(File, PathOf(name), problem);

    public string? OptionalString(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        return value as string ?? throw Error(name, $"expected a string, got {TypeName(value)}");
    }

    public string RequiredString(string name) => OptionalString(name) ?? throw Error(name, "is missing");

    public long? OptionalInteger(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        return value as long? ?? throw Error(name, $"expected an integer, got {TypeName(value)}");
    }

    public TomlSection? OptionalTable(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        return value is TomlTable t
            ? new TomlSection(File, PathOf(name), t)
            : throw Error(name, $"expected a table, got {TypeName(value)}");
    }

    /// <summary>Every entry of this table, each required to be a table itself (e.g. the per-service keys).</summary>
    public IEnumerable<(string Name, TomlSection Section)> ChildTables()
    {
        foreach (var (name, value) in table)
        {
            yield return value is TomlTable t
                ? (name, new TomlSection(File, PathOf(name), t))
                : throw Error(name, $"expected a table, got {TypeName(value)}");
        }
    }

    /// <summary>An array of tables (<c>[[name]]</c> or an inline array of tables); empty when absent.</summary>
    public IReadOnlyList<TomlSection> TableArray(string name)
    {
        if (!TryGet(name, out var value))
        {
            return [];
        }
        IEnumerable<object?> items = value switch
        {
            TomlTableArray tables => tables,
            TomlArray array => array,
            _ => throw Error(name, $"expected an array of tables ([[{name}]]), got {TypeName(value)}"),
        };
        return items
            .Select((item, i) => item is TomlTable t
                ? new TomlSection(File, $"{PathOf(name)}[{i}]", t)
                : throw new ConfigException(File, $"{PathOf(name)}[{i}]", $"expected a table, got {TypeName(item)}"))
            .ToList();
    }

    /// <summary>
    /// The <c>Suite</c> of a <c>Services.&lt;name&gt;</c> table and the key sizes it implies. Services this conode
    /// knows must use exactly the suite they registered (Go panics otherwise); others only need a known suite.
    /// </summary>
    public (string Suite, int PublicHex, int PrivateHex, string Point) ServiceSuite(string serviceName)
    {
        var suite = RequiredString("Suite");
        if (ConodeSuites.ServicesWithKeys.Contains(serviceName) && suite != ConodeSuites.Bn256Adapter)
        {
            throw Error("Suite", $"expected \"{ConodeSuites.Bn256Adapter}\" for the {serviceName} service, got \"{suite}\"");
        }
        return ConodeSuites.TryGetHexLengths(suite, out var publicHex, out var privateHex, out var point)
            ? (suite, publicHex, privateHex, point)
            : throw Error("Suite", $"unknown suite \"{suite}\" (expected \"{ConodeSuites.Bn256Adapter}\")");
    }

    /// <summary>Checks the hex rule of kyber's readers: the first <paramref name="length"/> characters must be hex, the rest is ignored.</summary>
    public string RequiredHex(string name, int length, string what)
    {
        var value = RequiredString(name);
        if (value.Length < length)
        {
            throw Error(name, $"expected {length} hex characters ({what}), got {value.Length}");
        }
        for (var i = 0; i < length; i++)
        {
            if (!char.IsAsciiHexDigit(value[i]))
            {
                throw Error(name, $"expected {length} hex characters ({what}), found '{value[i]}' at position {i + 1}");
            }
        }
        return value;
    }

    private bool TryGet(string name, out object value)
    {
        if (table.TryGetValue(name, out value!))
        {
            return true;
        }
        foreach (var (key, candidate) in table)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        return false;
    }

    private static string TypeName(object? value) => value switch
    {
        null => "nothing",
        string => "a string",
        long or int => "an integer",
        double or float => "a float",
        bool => "a boolean",
        TomlTable => "a table",
        TomlTableArray or TomlArray => "an array",
        _ => "a date/time",
    };

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n');
        return (end < 0 ? message : message[..end]).Trim();
    }
}
