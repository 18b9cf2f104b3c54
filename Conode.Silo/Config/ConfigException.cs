namespace Conode.Silo.Config;

/// <summary>
/// A configuration file that cannot be used. The message names the file, the key (when one is at fault) and what
/// was expected, so an operator can fix it without reading code.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string file, string? key, string problem, Exception? inner = null)
        : base(Format(file, key, problem), inner)
    {
        File = file;
        Key = key;
        Problem = problem;
    }

    public string File { get; }

    /// <summary>Dotted key path such as <c>Services.Skipchain.Public</c> or <c>servers[1].Address</c>; null for file-level problems.</summary>
    public string? Key { get; }

    public string Problem { get; }

    private static string Format(string file, string? key, string problem) =>
        key is null ? $"{file}: {problem}" : $"{file}: key \"{key}\": {problem}";
}
