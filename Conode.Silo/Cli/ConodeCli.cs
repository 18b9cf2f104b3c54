using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Conode.Silo.Config;

namespace Conode.Silo.Cli;

/// <summary>What the command line needs from the rest of the conode; the host wires the real implementations.</summary>
public sealed record ConodeCliServices(INodeKeyGenerator Keys, IServerRunner Server, IStatusProbe Probe)
{
    public IPublicAddressDiscovery AddressDiscovery { get; init; } = new OfflineAddressDiscovery();

    public ConodeEnvironment Environment { get; init; } = ConodeEnvironment.Current;

    /// <summary>Reported by <c>--version</c> (and by Status as <c>Conode.version</c>); Go uses the git tag or "unknown".</summary>
    public string Version { get; init; } = "unknown";
}

/// <summary>
/// The <c>conode</c> command line (cothority-services.md §2): <c>conode [global options] command [options]</c> with
/// the commands <c>setup</c> (<c>s</c>), <c>server</c>, <c>check</c> (<c>c</c>) and <c>help</c> (<c>h</c>).
/// Global options may also follow the command, which Go does not allow.
/// </summary>
public sealed class ConodeCli
{
    private readonly Terminal terminal;
    private readonly ConodeCliServices services;
    private readonly RootCommand root;
    private readonly Option<int> debug = new("--debug", "-d")
    {
        Description = "debug-level: 1 for terse, 5 for maximal",
        DefaultValueFactory = _ => 0,
        Recursive = true,
    };
    private readonly Option<string> config = new("--config", "-c") { Recursive = true };

    private static ParserConfiguration Parsing { get; } = new() { ResponseFileTokenReplacer = null };

    public ConodeCli(TextReader stdin, TextWriter stdout, TextWriter stderr, ConodeCliServices services)
    {
        terminal = new Terminal(stdin, stdout, stderr);
        this.services = services;
        var defaultConfig = ConodePaths.DefaultPrivateConfigPath(services.Environment);
        config.Description = "Configuration file of the server";
        config.DefaultValueFactory = _ => defaultConfig;
        debug.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 5)
            {
                r.AddError("--debug must be between 0 and 5");
            }
        });

        root = new RootCommand("run a cothority server") { debug, config };
        var version = root.Options.OfType<VersionOption>().Single();
        root.Options.Remove(version);
        root.Options.Add(new VersionOption("--version", "-v")
        {
            Description = "print the version",
            Action = new PrintVersion(services.Version),
        });
        // Arguments mean what they say: no "[directive]" or "@response-file" expansion (Go has neither).
        root.Directives.Clear();
        root.SetAction(ShowHelp);
        root.Subcommands.Add(SetupCommandLine());
        root.Subcommands.Add(ServerCommandLine());
        root.Subcommands.Add(CheckCommandLine());
        root.Subcommands.Add(BackupCommandLine());
        root.Subcommands.Add(RestoreCommandLine());
        root.Subcommands.Add(DatabaseCommandLine());
        root.Subcommands.Add(HelpCommandLine());
    }

    /// <summary>Parses and runs; returns the process exit status (0 ok, 1 error, 255 missing config file).</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var invocation = new InvocationConfiguration
        {
            Output = terminal.Out,
            Error = terminal.Err,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await root.Parse(args, Parsing).InvokeAsync(invocation, cancellationToken);
        }
        catch (CliExitException e)
        {
            terminal.Error(e.Message);
            return e.ExitCode;
        }
        finally
        {
            await terminal.Out.FlushAsync(CancellationToken.None);
            await terminal.Err.FlushAsync(CancellationToken.None);
        }
    }

    private Command SetupCommandLine()
    {
        var nonInteractive = new Option<bool>("--non-interactive")
        {
            Description = "generate private.toml in non-interactive mode",
        };
        var host = new Option<string>("--host")
        {
            Description = "which host to listen on (non-interactive)",
            DefaultValueFactory = _ => "",
        };
        var port = new Option<int>("--port")
        {
            Description = "which port to listen on (non-interactive)",
            DefaultValueFactory = _ => 6879,
        };
        var description = new Option<string>("--description")
        {
            Description = "the description to use (non-interactive)",
            DefaultValueFactory = _ => "configured in non-interactive mode",
        };
        var folder = new Option<string?>("--folder")
        {
            Description = "write private.toml and public.toml into this folder instead of only private.toml to --config (non-interactive)",
        };
        var force = new Option<bool>("--force")
        {
            Description = "overwrite existing configuration files (non-interactive)",
        };
        var command = new Command("setup", "Setup server configuration (interactive unless --non-interactive)")
        {
            nonInteractive, host, port, description, folder, force,
        };
        command.Aliases.Add("s");
        command.SetAction((result, ct) =>
        {
            var setup = new SetupCommand(terminal, services.Keys, services.AddressDiscovery, services.Environment);
            if (!result.GetValue(nonInteractive))
            {
                return setup.RunInteractiveAsync(ct);
            }
            var options = new NonInteractiveSetup(
                result.GetValue(host)!, result.GetValue(port), result.GetValue(description)!,
                result.GetValue(folder), result.GetValue(force));
            return Task.FromResult(setup.RunNonInteractive(options, result.GetValue(config)!));
        });
        return command;
    }

    private Command ServerCommandLine()
    {
        var peerPort = PortOption("--peer-port",
            $"port the conode port binds instead of Address's (the published Address is unchanged) [{SiloSettings.PeerPortVariable}]");
        var webSocketPort = PortOption("--ws-port",
            $"port the client WebSocket binds instead of Address's port + 1 [{SiloSettings.WebSocketPortVariable}]");
        var siloPort = PortOption("--silo-port",
            $"Orleans silo-to-silo port, 0 for a free one [{SiloSettings.SiloPortVariable}, private.toml [Orleans] SiloPort]");
        var gatewayPort = PortOption("--gateway-port",
            $"Orleans client gateway port, 0 for none [{SiloSettings.GatewayPortVariable}, [Orleans] GatewayPort]");
        var siloAddress = new Option<string?>("--silo-address")
        {
            Description = $"IP the node's other silos reach this one on (default 127.0.0.1) [{SiloSettings.SiloAddressVariable}, [Orleans] SiloAddress]",
        };
        siloAddress.Validators.Add(r =>
        {
            if (!System.Net.IPAddress.TryParse(r.GetValueOrDefault<string?>(), out _))
            {
                r.AddError("--silo-address must be an IP address");
            }
        });
        var command = new Command("server", "Start cothority server")
        {
            peerPort, webSocketPort, siloPort, gatewayPort, siloAddress,
        };
        command.SetAction((result, ct) =>
        {
            var silo = new SiloSettings
            {
                PeerPort = result.GetValue(peerPort),
                WebSocketPort = result.GetValue(webSocketPort),
                SiloPort = result.GetValue(siloPort),
                GatewayPort = result.GetValue(gatewayPort),
                SiloAddress = result.GetValue(siloAddress) is { } address ? System.Net.IPAddress.Parse(address) : null,
            };
            return new ServerCommand(services.Server).RunAsync(result.GetValue(config)!, result.GetValue(debug), silo, ct);
        });
        return command;
    }

    private static Option<int?> PortOption(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0 or > 65535)
            {
                r.AddError($"{name} must be a port number between 0 and 65535");
            }
        });
        return option;
    }

    private Command DatabaseCommandLine()
    {
        var init = new Command("init",
            $"Create or upgrade the schema of the node's PostgreSQL database ({PrivateConfig.DatabaseVariable}, else [Database] PostgreSQL of --config)");
        init.SetAction((result, ct) => new DatabaseCommands(terminal, services.Environment).InitAsync(result.GetValue(config)!, ct));
        return new Command("db", "Manage the node's PostgreSQL database") { init };
    }

    private Command CheckCommandLine()
    {
        var group = new Option<string?>("-g") { Description = "Cothority group definition file" };
        var timeout = new Option<int>("--timeout", "-t")
        {
            Description = "Set a different timeout in seconds",
            DefaultValueFactory = _ => 10,
        };
        timeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--timeout must be at least 1 second");
            }
        });
        var file = new Argument<string?>("roster")
        {
            Description = "Cothority group definition file (replaces -g)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("check", "Check if the servers in the group definition are up and running")
        {
            group, timeout, file,
        };
        command.Aliases.Add("c");
        command.SetAction((result, ct) =>
            new CheckCommand(terminal, services.Probe).RunAsync(
                result.GetValue(file) ?? result.GetValue(group), result.GetValue(timeout), ct));
        return command;
    }

    private Command BackupCommandLine()
    {
        var output = new Option<string>("--out", "-o") { Description = "file to write the backup to", Required = true };
        var force = new Option<bool>("--force") { Description = "replace the file if it exists" };
        var command = new Command("backup", "Copy the node's database to a file while it runs (keep private.toml safe too)")
        {
            output, force,
        };
        command.SetAction(result => new BackupCommands(terminal, services.Environment)
            .Backup(result.GetValue(config)!, result.GetValue(output)!, result.GetValue(force)));
        return command;
    }

    private Command RestoreCommandLine()
    {
        var from = new Option<string>("--from") { Description = "backup file written by `conode backup`", Required = true };
        var force = new Option<bool>("--force") { Description = "replace the node's existing database" };
        var command = new Command("restore", "Put a backup in place as the database of the node of --config (node stopped)")
        {
            from, force,
        };
        command.SetAction(result => new BackupCommands(terminal, services.Environment)
            .Restore(result.GetValue(config)!, result.GetValue(from)!, result.GetValue(force)));
        return command;
    }

    private Command HelpCommandLine()
    {
        var name = new Argument<string?>("command") { Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("help", "Shows a list of commands or help for one command") { name };
        command.Aliases.Add("h");
        command.SetAction((result, ct) =>
        {
            string[] helpArgs = result.GetValue(name) is { } target ? [target, "--help"] : ["--help"];
            return root.Parse(helpArgs, Parsing).InvokeAsync(result.InvocationConfiguration, ct);
        });
        return command;
    }

    private static int ShowHelp(ParseResult result) => new HelpAction().Invoke(result);

    private sealed class PrintVersion(string version) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine($"conode version {version}");
            return 0;
        }
    }
}
