using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Conode.Network;
using Conode.Silo.Config;

namespace Conode.Silo.Cli;

/// <summary>Options of <c>conode setup --non-interactive</c>.</summary>
internal sealed record NonInteractiveSetup(string Host, int Port, string Description, string? Folder, bool Force);

/// <summary><c>conode setup</c>: the interactive wizard of onet app.InteractiveConfig, or Go's non-interactive mode.</summary>
internal sealed partial class SetupCommand(
    Terminal terminal, INodeKeyGenerator keys, IPublicAddressDiscovery discovery, ConodeEnvironment environment)
{
    private const int DefaultPort = 7770;
    private const string DefaultReachableIp = "127.0.0.1";

    public async Task<int> RunInteractiveAsync(CancellationToken cancellationToken)
    {
        terminal.Info("Setting up a cothority-server.");
        var answer = terminal.Ask(
            DefaultPort.ToString(CultureInfo.InvariantCulture),
            "Please enter the [address:]PORT for incoming to bind to and where other nodes will be able to contact you.");
        if (!answer.Contains(':', StringComparison.Ordinal))
        {
            answer = ":" + answer;
        }
        if (!ConodeAddress.TrySplitHostPort(answer, out var host, out var port, out var splitError))
        {
            throw new CliExitException($"Couldn't interpret {answer}: {splitError}");
        }
        var hostGiven = host.Length > 0;
        var bindingText = "tls://" + ConodeAddress.JoinHostPort(hostGiven ? host : "0.0.0.0", port);
        if (!ConodeAddress.TryParse(bindingText, out var binding))
        {
            // Go logs this and ends setup successfully without writing anything.
            terminal.Error($"Unable to validate address given {bindingText}");
            return 0;
        }

        terminal.Info();
        terminal.Info("We now need to get a reachable address for other Servers");
        terminal.Info("and clients to contact you. This address will be put in a group definition");
        terminal.Info("file that you can share and combine with others to form a Cothority roster.");

        var publicAddress = await PublicAddressAsync(hostGiven, binding, port, cancellationToken);

        // Go's order: one key per keyed service, then the identity; the description comes after.
        var services = NewServiceKeys();
        var identity = Logged(keys.NewIdentityKey());
        var description = terminal.Ask("New cothority", "Give a description of the cothority");
        var config = new PrivateConfig
        {
            Suite = identity.Suite,
            Public = identity.PublicHex,
            Private = identity.PrivateHex,
            Address = publicAddress,
            Description = description,
            Services = services,
        };

        var (privatePath, publicPath) = AskFolder();
        var group = new GroupConfig([GroupServer.FromPrivate(config)]);
        try
        {
            config.Save(privatePath);
            terminal.Info($"Success! You can now use the conode with the config file {privatePath}");
            group.Save(publicPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliExitException($"Unable to write the config to file: {e.Message}");
        }
        terminal.Info($"Saved a group definition snippet for your server at {publicPath}");
        terminal.Info(group.ToToml());
        terminal.Info("All configurations saved, ready to serve signatures now.");
        return 0;
    }

    /// <summary>
    /// Go's non-interactive mode writes only private.toml to the <c>-c</c> path. Extras: <c>--folder</c> writes
    /// private.toml and public.toml there instead, and existing files are kept unless <c>--force</c> is given
    /// (Go silently replaces the identity key).
    /// </summary>
    public int RunNonInteractive(NonInteractiveSetup options, string configPath)
    {
        var addressText = "tls://" + ConodeAddress.JoinHostPort(
            options.Host, options.Port.ToString(CultureInfo.InvariantCulture));
        // Go writes the address unchecked; a file the server would refuse is better not written at all.
        if (!ConodeAddress.TryParse(addressText, out var address, out var addressError))
        {
            throw new CliExitException($"Invalid address {addressText}: {addressError}");
        }
        var privatePath = options.Folder is null ? configPath : Path.Join(options.Folder, ConodePaths.PrivateConfigFileName);
        var publicPath = options.Folder is null ? null : Path.Join(options.Folder, ConodePaths.PublicConfigFileName);
        foreach (var path in new[] { privatePath, publicPath })
        {
            if (!options.Force && path is not null && File.Exists(path))
            {
                throw new CliExitException($"{path} already exists; use --force to overwrite it (private.toml holds the conode's identity key)");
            }
        }

        var identity = keys.NewIdentityKey();
        var config = new PrivateConfig
        {
            Suite = identity.Suite,
            Public = identity.PublicHex,
            Private = identity.PrivateHex,
            Address = address,
            Description = options.Description,
            Services = NewServiceKeys(),
        };
        try
        {
            if (options.Folder is not null)
            {
                CreateFolder(options.Folder);
            }
            config.Save(privatePath);
            terminal.Error($"Wrote config file to {privatePath}");
            if (publicPath is not null)
            {
                new GroupConfig([GroupServer.FromPrivate(config)]).Save(publicPath);
                terminal.Error($"Wrote public config file to {publicPath}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliExitException($"opening config file: {e.Message}");
        }
        return 0;
    }

    private async Task<ConodeAddress> PublicAddressAsync(
        bool hostGiven, ConodeAddress binding, string port, CancellationToken cancellationToken)
    {
        var publicText = binding.Value;
        if (!hostGiven)
        {
            var discovered = await discovery.DiscoverPublicHostAsync(binding.Port, terminal.Out, cancellationToken);
            publicText = discovered is null ? null : "tls://" + discovered.Trim() + ":" + port;
        }
        // Go only tests addresses that are valid and not private; anything else is accepted or refused below.
        if (publicText is not null
            && ConodeAddress.TryParse(publicText, out var candidate)
            && !await IsPrivateAsync(candidate, cancellationToken))
        {
            var problem = await discovery.CheckReachableAsync(candidate, binding, terminal.Out, cancellationToken);
            if (problem is not null)
            {
                terminal.Error(problem);
                publicText = null;
            }
        }
        publicText ??= AskReachableAddress(port);
        return ConodeAddress.TryParse(publicText, out var address)
            ? address
            : throw new CliExitException($"Could not validate public ip address: {publicText}");
    }

    /// <summary>Q2 (onet askReachableAddress): a literal IP, optionally with the same port as Q1.</summary>
    private string AskReachableAddress(string port)
    {
        var answer = terminal.Ask(DefaultReachableIp, "IP-address where your server can be reached");
        var parts = answer.Split(':');
        if (parts.Length == 2 && parts[1] != port)
        {
            throw new CliExitException("The port you gave is not the same as the one your server will be listening. Abort.");
        }
        if (parts.Length == 2 && !ConodeAddress.IsIPAddress(parts[0]))
        {
            throw new CliExitException($"Invalid IP:port address given: {answer}");
        }
        if (parts.Length == 1)
        {
            if (!ConodeAddress.IsIPAddress(answer))
            {
                throw new CliExitException($"Invalid IP address given: {answer}");
            }
            answer += ":" + port;
        }
        return "tls://" + answer;
    }

    /// <summary>Q4 until the operator accepts a folder, creating it and confirming overwrites.</summary>
    private (string PrivatePath, string PublicPath) AskFolder()
    {
        var defaultFolder = ConodePaths.ConfigDir(environment);
        while (true)
        {
            var folder = terminal.Ask(defaultFolder, "Please enter a folder for the configuration files");
            var privatePath = Path.Join(folder, ConodePaths.PrivateConfigFileName);
            var publicPath = Path.Join(folder, ConodePaths.PublicConfigFileName);
            if (!Directory.Exists(folder))
            {
                terminal.Info($"Creating inexistant directory configuration {folder}");
                try
                {
                    CreateFolder(folder);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliExitException($"Could not create directory configuration {folder} {e.Message}");
                }
            }
            if (MayWrite(privatePath) && MayWrite(publicPath))
            {
                return (privatePath, publicPath);
            }
        }
    }

    private bool MayWrite(string path) =>
        !File.Exists(path) || terminal.AskYesNo($"Configuration file {path} already exists. Override?");

    private List<ServiceKeyPair> NewServiceKeys() =>
        ConodeSuites.ServicesWithKeys
            .Select(name => (name, key: Logged(keys.NewServiceKey(name))))
            .Select(k => new ServiceKeyPair(k.name, k.key.Suite, k.key.PublicHex, k.key.PrivateHex))
            .ToList();

    private KeyPairHex Logged(KeyPairHex key)
    {
        terminal.Info($"Creating private and public keys for suite {key.Suite}.");
        terminal.Info($"Public key: {key.PublicHex}");
        return key;
    }

    private static void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            // Go creates it with mode 0744.
            Directory.CreateDirectory(folder,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    /// <summary>
    /// onet Address.Public's private ranges, matched on the resolved <c>ip:port</c> (a name that does not resolve
    /// counts as public, as in Go).
    /// </summary>
    private static async Task<bool> IsPrivateAsync(ConodeAddress address, CancellationToken cancellationToken)
    {
        var ip = address.Host;
        if (address.IsHostname)
        {
            try
            {
                var resolved = await Dns.GetHostAddressesAsync(address.Host, cancellationToken);
                ip = resolved.Length > 0 ? resolved[0].ToString() : "";
            }
            catch (SocketException)
            {
                ip = "";
            }
        }
        return PrivateRanges().IsMatch(ConodeAddress.JoinHostPort(ip, address.Port.ToString(CultureInfo.InvariantCulture)));
    }

    [GeneratedRegex(@"(^127\.)|(^10\.)|(^172\.1[6-9]\.)|(^172\.2[0-9]\.)|(^172\.3[0-1]\.)|(^192\.168\.)|(^169\.254)|(^\[::1\])|(^\[fd.{0,2}:)")]
    private static partial Regex PrivateRanges();
}
