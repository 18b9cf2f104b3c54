using System.Reflection;

namespace Conode.Silo.Hosting;

public static class ConodeVersion
{
    /// <summary>The informational version stamped at build (<c>-p:Version=…</c>), without the source hash suffix.</summary>
    public static string Current { get; } = Read();

    private static string Read()
    {
        var informational = typeof(ConodeVersion).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            return "unknown";
        }
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return "v" + (plus >= 0 ? informational[..plus] : informational);
    }
}
