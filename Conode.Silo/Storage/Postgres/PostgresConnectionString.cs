using System.Data.Common;
using Npgsql;

namespace Conode.Silo.Storage.Postgres;

/// <summary>
/// The PostgreSQL database a node is configured with, accepted as an Npgsql connection string
/// (<c>Host=db;Database=conode;Username=conode;Password=…</c>) or a URL
/// (<c>postgres://conode:…@db:5432/conode?sslmode=require</c>), and normalised to the former.
/// </summary>
public sealed class PostgresConnectionString
{
    /// <summary>
    /// Npgsql pools 100 connections per string by default, as many as PostgreSQL accepts in all; a silo needs far
    /// fewer, and several silos (or nodes) share one server.
    /// </summary>
    private const int DefaultMaxPoolSize = 20;

    private readonly NpgsqlConnectionStringBuilder _builder;

    private PostgresConnectionString(NpgsqlConnectionStringBuilder builder) => _builder = builder;

    /// <summary>The Npgsql form, with conode's defaults for what the setting left open.</summary>
    public string Value => _builder.ConnectionString;

    /// <summary><c>database on host:port as user</c>, without the password: for messages and logs.</summary>
    public string Description => $"database \"{_builder.Database}\" on {_builder.Host}:{_builder.Port} as \"{_builder.Username}\"";

    public override string ToString() => Description;

    /// <summary>Parses either form; a malformed value is a <see cref="FormatException"/> that says what is wrong.</summary>
    public static PostgresConnectionString Parse(string value)
    {
        var isUrl = value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);
        var builder = isUrl ? FromUrl(value) : FromKeywords(value);
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new FormatException("no Host (the PostgreSQL server) is given");
        }
        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new FormatException("no Database is given");
        }
        if (isUrl || !NamesPoolSize(value))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }
        builder.ApplicationName ??= "conode";
        return new PostgresConnectionString(builder);
    }

    /// <summary>The same server and credentials, another database (tests and restores use fresh ones).</summary>
    public PostgresConnectionString WithDatabase(string database) =>
        new(new NpgsqlConnectionStringBuilder(_builder.ConnectionString) { Database = database });

    /// <summary>Whether the keywords set the pool size (under any of Npgsql's spellings of it).</summary>
    private static bool NamesPoolSize(string keywords) =>
        new DbConnectionStringBuilder { ConnectionString = keywords }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal))
            .Any(key => key.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase)
                || key.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase));

    private static NpgsqlConnectionStringBuilder FromKeywords(string value)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"not an Npgsql connection string (Host=…;Database=…;Username=…) nor a postgres:// URL: {e.Message}", e);
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Host.Length == 0)
        {
            throw new FormatException("expected postgres://[user[:password]@]host[:port]/database[?sslmode=…]");
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host.Trim('[', ']'),
            Port = url.IsDefaultPort ? NpgsqlConnection.DefaultPort : url.Port,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')),
        };
        var credentials = url.UserInfo.Split(':', 2);
        if (credentials[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(credentials[0]);
        }
        if (credentials.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(credentials[1]);
        }
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            // libpq spells the modes verify-ca / verify-full, Npgsql VerifyCA / VerifyFull.
            var mode = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]).Replace("-", "", StringComparison.Ordinal) : "";
            if (!parts[0].Equals("sslmode", StringComparison.OrdinalIgnoreCase)
                || !mode.All(char.IsAsciiLetter)
                || !Enum.TryParse<SslMode>(mode, ignoreCase: true, out var sslMode))
            {
                throw new FormatException(
                    $"URL parameter \"{pair}\" is not supported (only sslmode=disable|allow|prefer|require|verify-ca|verify-full; use the Npgsql form for more)");
            }
            builder.SslMode = sslMode;
        }
        return builder;
    }
}
