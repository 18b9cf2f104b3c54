using Conode.Crypto.Bn256;
using Conode.Crypto.Ed25519;
using Conode.Network;

namespace Conode.Silo.Config;

/// <summary>A service public key from <c>[servers.Services.&lt;Name&gt;]</c>.</summary>
public sealed record ServicePublicKey(string Name, string Suite, string Public);

/// <summary>One <c>[[servers]]</c> entry of a group (roster) file: a conode as others see it.</summary>
public sealed record GroupServer
{
    public required ConodeAddress Address { get; init; }

    public string Suite { get; init; } = ConodeSuites.Ed25519;

    /// <summary>Hex of the Ed25519 public key.</summary>
    public required string Public { get; init; }

    public string Description { get; init; } = "";

    /// <summary>Optional WebSocket URL; empty means ws://host:port+1.</summary>
    public string Url { get; init; } = "";

    /// <summary>Service keys in file order (JS builds ServiceIdentities in this order; the writer sorts).</summary>
    public IReadOnlyList<ServicePublicKey> Services { get; init; } = [];

    /// <summary>
    /// The ServerIdentity Go builds from this entry: ID from the key, service keys of bn256 services in file order
    /// (other suites are not ours to interpret, as Go ignores services it does not run).
    /// </summary>
    public ServerIdentity ToServerIdentity()
    {
        var identity = ServerIdentity.Create(Ed25519Point.FromHex(Public), Address.Value, Description, Url);
        identity.ServiceIdentities = Services
            .Where(s => string.Equals(s.Suite, ConodeSuites.Bn256Adapter, StringComparison.OrdinalIgnoreCase))
            .Select(s => new ServiceIdentity { Name = s.Name, Suite = ConodeSuites.Bn256Adapter, Public = G2Point.Unmarshal(Convert.FromHexString(s.Public[..256])) })
            .ToList();
        return identity;
    }

    /// <summary>The public part of a private config: what setup writes to public.toml.</summary>
    public static GroupServer FromPrivate(PrivateConfig config) => new()
    {
        Address = config.Address,
        Suite = config.Suite,
        Public = config.Public,
        Description = config.Description,
        Services = config.Services.Select(s => new ServicePublicKey(s.Name, s.Suite, s.Public)).ToList(),
    };
}

/// <summary>
/// public.toml / roster TOML (onet app/config.go GroupToml): a list of servers in roster order. Several
/// public.toml files concatenated (<c>cat */public.toml &gt; roster.toml</c>) form one valid group file.
/// </summary>
public sealed record GroupConfig(IReadOnlyList<GroupServer> Servers)
{
    /// <summary>What Go's GroupToml writer puts in place of an empty description.</summary>
    public const string EmptyDescriptionPlaceholder = "Description of your server";

    public static GroupConfig Load(string path) => Parse(TomlSection.ReadFile(path), path);

    public static GroupConfig Parse(string text, string file)
    {
        var root = TomlSection.Parse(text, file);
        var entries = root.TableArray("servers");
        if (entries.Count == 0)
        {
            throw root.Error("servers", "no [[servers]] entries: this is not a group file");
        }
        return new GroupConfig(entries.Select(ReadServer).ToList());
    }

    /// <summary>The file text exactly as Go writes it (key order Address, Suite, Public, Description, URL).</summary>
    public string ToToml()
    {
        var w = new GoTomlWriter();
        foreach (var server in Servers)
        {
            w.ArrayTable("servers");
            w.KeyValue(2, "Address", server.Address.Value);
            w.KeyValue(2, "Suite", server.Suite);
            w.KeyValue(2, "Public", server.Public);
            w.KeyValue(2, "Description",
                server.Description.Length == 0 ? EmptyDescriptionPlaceholder : server.Description);
            if (server.Url.Length > 0)
            {
                w.KeyValue(2, "URL", server.Url);
            }
            w.Table("servers", "Services");
            foreach (var service in server.Services.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                w.Table("servers", "Services", service.Name);
                w.KeyValue(4, "Public", service.Public);
                w.KeyValue(4, "Suite", service.Suite);
            }
        }
        return w.ToString();
    }

    public void Save(string path) => File.WriteAllText(path, ToToml());

    private static GroupServer ReadServer(TomlSection entry)
    {
        var suite = entry.OptionalString("Suite") is { Length: > 0 } s ? s : ConodeSuites.Ed25519;
        if (!string.Equals(suite, ConodeSuites.Ed25519, StringComparison.OrdinalIgnoreCase))
        {
            throw entry.Error("Suite", $"expected \"{ConodeSuites.Ed25519}\" for a conode identity, got \"{suite}\"");
        }
        return new GroupServer
        {
            Address = PrivateConfig.ParseAddress(entry, "Address", entry.RequiredString("Address")),
            Suite = suite,
            Public = entry.RequiredHex("Public", 64, "Ed25519 point"),
            Description = entry.OptionalString("Description") ?? "",
            Url = entry.OptionalString("URL") ?? "",
            Services = ReadServices(entry),
        };
    }

    private static List<ServicePublicKey> ReadServices(TomlSection entry)
    {
        var services = new List<ServicePublicKey>();
        foreach (var (name, section) in entry.OptionalTable("Services")?.ChildTables() ?? [])
        {
            var (suite, publicHex, _, point) = section.ServiceSuite(name);
            services.Add(new ServicePublicKey(name, suite, section.RequiredHex("Public", publicHex, point)));
        }
        return services;
    }
}
