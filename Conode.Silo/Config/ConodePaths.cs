using System.Security.Cryptography;

namespace Conode.Silo.Config;

/// <summary>Operating systems that decide where conode keeps its files (onet cfgpath).</summary>
public enum HostOs
{
    Linux,
    FreeBsd,
    MacOs,
    Windows,
    Other,
}

/// <summary>
/// What the path rules read from the process: OS, environment variables, the account database's home directory
/// and the current directory. Tests pass their own instead of mutating the real environment.
/// </summary>
public sealed record ConodeEnvironment(
    HostOs Os,
    Func<string, string?> GetVariable,
    Func<string?> AccountHome,
    string CurrentDirectory)
{
    public static ConodeEnvironment Current { get; } = new(
        DetectOs(),
        Environment.GetEnvironmentVariable,
        () => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? home : null,
        Environment.CurrentDirectory);

    private static HostOs DetectOs() =>
        OperatingSystem.IsLinux() ? HostOs.Linux
        : OperatingSystem.IsFreeBSD() ? HostOs.FreeBsd
        : OperatingSystem.IsMacOS() ? HostOs.MacOs
        : OperatingSystem.IsWindows() ? HostOs.Windows
        : HostOs.Other;
}

/// <summary>Where conode's files live, as in cothority-services.md §3.1 (onet cfgpath, context.go).</summary>
public static class ConodePaths
{
    public const string AppName = "conode";
    public const string PrivateConfigFileName = "private.toml";
    public const string PublicConfigFileName = "public.toml";

    /// <summary>Default folder of setup and of <c>-c</c>.</summary>
    public static string ConfigDir(ConodeEnvironment env)
    {
        var home = env.GetVariable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = env.AccountHome();
            if (string.IsNullOrEmpty(home))
            {
                return Path.Join(env.CurrentDirectory, AppName);
            }
        }
        return env.Os switch
        {
            HostOs.MacOs => Path.Join(home, "Library", "Application Support", AppName),
            // Go ignores the home here and uses APPDATA, lower-case "conode".
            HostOs.Windows => Path.Join(env.GetVariable("APPDATA") ?? "", AppName),
            HostOs.Linux or HostOs.FreeBsd => env.GetVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? Path.Join(xdg, AppName)
                : Path.Join(home, ".config", AppName),
            _ => Path.Join(env.CurrentDirectory, AppName),
        };
    }

    public static string DefaultPrivateConfigPath(ConodeEnvironment env) =>
        Path.Join(ConfigDir(env), PrivateConfigFileName);

    /// <summary>Where the database lives: CONODE_SERVICE_PATH, else the XDG data dir (Linux/FreeBSD), else config dir/data.</summary>
    public static string DataDir(ConodeEnvironment env)
    {
        if (env.GetVariable("CONODE_SERVICE_PATH") is { Length: > 0 } servicePath)
        {
            return servicePath;
        }
        return env.Os switch
        {
            // HOME is taken literally here, even when empty (Go does the same).
            HostOs.Linux or HostOs.FreeBsd => env.GetVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
                ? Path.Join(xdg, AppName)
                : Path.Join(env.GetVariable("HOME") ?? "", ".local", "share", AppName),
            _ => Path.Join(ConfigDir(env), "data"),
        };
    }

    /// <summary><c>&lt;hex(SHA-256(public key bytes))&gt;.db</c>, the name the Go conode gives its database.</summary>
    public static string DatabaseFileName(byte[] identityPublicKey) =>
        Convert.ToHexStringLower(SHA256.HashData(identityPublicKey)) + ".db";

    public static string DatabasePath(ConodeEnvironment env, PrivateConfig config) =>
        Path.Join(DataDir(env), DatabaseFileName(config.PublicKeyBytes));
}
