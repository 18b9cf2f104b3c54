using System.Net.Sockets;
using Npgsql;

namespace Conode.Silo.Storage.Postgres;

/// <summary>The configured PostgreSQL database cannot be used; the message says why and what to do.</summary>
public sealed class PostgresUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Turns what Npgsql throws into sentences an operator can act on.</summary>
internal static class PostgresProblem
{
    /// <summary>Opens a connection, or throws <see cref="PostgresUnavailableException"/> naming the database and the cause.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(PostgresConnectionString database, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(database.Value);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or SocketException)
        {
            await connection.DisposeAsync();
            throw new PostgresUnavailableException(Describe(e, database), e);
        }
    }

    public static string Describe(Exception e, PostgresConnectionString database) => e switch
    {
        // 28P01 invalid_password, 28000 invalid_authorization_specification (no such role, pg_hba refusal).
        PostgresException { SqlState: "28P01" or "28000" } pg =>
            $"PostgreSQL refused the login to {database}: {pg.MessageText} (check Username and Password)",
        PostgresException { SqlState: "3D000" } pg =>
            $"{database}: {pg.MessageText} (create it, owned by the conode's role: CREATE DATABASE … OWNER …)",
        // PostgreSQL 15 lets only the database owner create tables in schema public.
        PostgresException { SqlState: "42501" } pg =>
            $"{database}: {pg.MessageText} (the role must own the database: ALTER DATABASE … OWNER TO …)",
        PostgresException pg => $"{database}: PostgreSQL error {pg.SqlState}: {pg.MessageText}",
        _ => $"cannot reach PostgreSQL for {database}: {Innermost(e).Message}",
    };

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
