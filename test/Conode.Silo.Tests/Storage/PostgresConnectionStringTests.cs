using Conode.Silo.Storage.Postgres;
using Npgsql;

namespace Conode.Silo.Tests.Storage;

public class PostgresConnectionStringTests
{
    [Fact]
    public void UrlBecomesTheNpgsqlForm()
    {
        var parsed = new NpgsqlConnectionStringBuilder(
            PostgresConnectionString.Parse("postgresql://con%40de:p%3Ass@[::1]:6000/conode_db?sslmode=verify-full").Value);

        Assert.Equal("::1", parsed.Host);
        Assert.Equal(6000, parsed.Port);
        Assert.Equal("conode_db", parsed.Database);
        Assert.Equal("con@de", parsed.Username);
        Assert.Equal("p:ss", parsed.Password);
        Assert.Equal(SslMode.VerifyFull, parsed.SslMode);
    }

    [Fact]
    public void NpgsqlFormGetsConodesDefaultsUnlessItSaysOtherwise()
    {
        var defaults = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Parse("Host=db;Database=conode;Username=u").Value);
        var own = new NpgsqlConnectionStringBuilder(
            PostgresConnectionString.Parse("Host=db;Database=conode;Maximum Pool Size=50;Application Name=mine").Value);
        var synonym = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Parse("Host=db;Database=conode;MaxPoolSize=7").Value);

        Assert.Equal(20, defaults.MaxPoolSize);
        Assert.Equal("conode", defaults.ApplicationName);
        Assert.Equal(5432, defaults.Port);
        Assert.Equal(50, own.MaxPoolSize);
        Assert.Equal("mine", own.ApplicationName);
        Assert.Equal(7, synonym.MaxPoolSize);
    }

    [Fact]
    public void DescriptionNeverShowsThePassword()
    {
        var database = PostgresConnectionString.Parse("Host=db;Port=5433;Database=conode;Username=u;Password=secret");

        Assert.Equal("database \"conode\" on db:5433 as \"u\"", database.Description);
        Assert.DoesNotContain("secret", database.ToString());
        Assert.Equal("other", new NpgsqlConnectionStringBuilder(database.WithDatabase("other").Value).Database);
    }

    [Theory]
    [InlineData("Database=conode", "no Host")]
    [InlineData("Host=db", "no Database")]
    [InlineData("Hots=db;Database=conode", "not an Npgsql connection string")]
    [InlineData("postgres://db/conode?pool=3", "URL parameter \"pool=3\" is not supported")]
    [InlineData("postgres://db/conode?sslmode=sometimes", "URL parameter \"sslmode=sometimes\" is not supported")]
    [InlineData("postgres://", "expected postgres://")]
    public void MalformedValuesSayWhatIsWrong(string value, string problem)
    {
        var e = Assert.Throws<FormatException>(() => PostgresConnectionString.Parse(value));
        Assert.Contains(problem, e.Message);
    }
}
