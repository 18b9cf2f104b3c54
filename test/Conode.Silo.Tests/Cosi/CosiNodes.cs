using System.Collections.Concurrent;
using Conode.Cosi;
using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;
using Conode.Grains.Cosi;
using Conode.Network;
using Conode.Protobuf;
using Conode.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Conode.Silo.Tests.Cosi;

/// <summary>What a test node's check does for one message.</summary>
public enum CheckVerdict
{
    Agree,
    Refuse,
    Throw,

    /// <summary>Never returns while the test runs (a node that does not answer).</summary>
    Hang,
}

/// <summary>
/// The test families' check functions: by default every node agrees; a test scripts other verdicts per message
/// (random per test, so tests do not disturb each other), node and phase, and reads which checks ran.
/// </summary>
public sealed class CheckScript : IDisposable
{
    private readonly ConcurrentDictionary<string, Func<int, CosiPhase, CheckVerdict>> _verdicts = new();
    private readonly ConcurrentQueue<(string Message, int Node, CosiPhase Phase)> _calls = new();
    private readonly CancellationTokenSource _ended = new();

    public void Script(byte[] message, Func<int, CosiPhase, CheckVerdict> verdict) => _verdicts[Convert.ToHexString(message)] = verdict;

    /// <summary>The nodes whose check ran for <paramref name="message"/> in <paramref name="phase"/>.</summary>
    public IReadOnlyList<int> Checked(byte[] message, CosiPhase phase) =>
        [.. _calls.Where(c => c.Message == Convert.ToHexString(message) && c.Phase == phase).Select(c => c.Node).Order()];

    public async Task<bool> CheckAsync(int node, CosiPhase phase, byte[] message, byte[] data)
    {
        var key = Convert.ToHexString(message);
        _calls.Enqueue((key, node, phase));
        if (data.Length == 0)
        {
            throw new InvalidOperationException("the check received no data");
        }
        switch (_verdicts.TryGetValue(key, out var verdict) ? verdict(node, phase) : CheckVerdict.Agree)
        {
            case CheckVerdict.Agree:
                return true;
            case CheckVerdict.Refuse:
                return false;
            case CheckVerdict.Throw:
                throw new InvalidOperationException("scripted failure");
            default:
                await Task.Delay(Timeout.Infinite, _ended.Token);
                return true;
        }
    }

    public void Dispose()
    {
        _ended.Cancel();
        _ended.Dispose();
    }

    private sealed class NodeChecks(CheckScript script, int node) : ICosiChecks
    {
        public Task<bool> CheckAsync(CosiPhase phase, byte[] message, byte[] data) => script.CheckAsync(node, phase, message, data);
    }

    public ICosiChecks For(int node) => new NodeChecks(this, node);
}

/// <summary>
/// Real conodes in this process, each with its Skipchain key, TLS on 127.0.0.1, and two test ByzCoinX families
/// (BDN and BLS) whose checks follow one <see cref="CheckScript"/>. Rosters are any subset of the nodes.
/// </summary>
public sealed class CosiNodes : IAsyncLifetime
{
    public const int Count = 10;

    public static readonly CosiProtocol Bdn = new("CosiTestBDN", SignatureScheme.Bdn);
    public static readonly CosiProtocol Bls = new("CosiTestBLS", SignatureScheme.Bls);

    /// <summary>How long a test waits for a node's outcome; generous for a loaded machine, not a timing assertion.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("conode-cosi-").FullName;
    private readonly List<WebApplication> _apps = [];

    public CheckScript Checks { get; } = new();

    public List<NodeIdentity> Identities { get; } = [];

    public async Task InitializeAsync()
    {
        for (var i = 0; i < Count; i++)
        {
            _apps.Add(Build(i));
        }
        await Task.WhenAll(_apps.Select(app => app.StartAsync()));
    }

    /// <summary>A node that is not running: its keys and address are real, nothing listens there.</summary>
    public async Task<NodeIdentity> StoppedNodeAsync()
    {
        var app = Build(Identities.Count);
        await app.StartAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        return Identities[^1];
    }

    public static Roster RosterOf(IEnumerable<NodeIdentity> nodes) => Roster.Create(nodes.Select(n => n.ServerIdentity));

    /// <summary>Runs ByzCoinX on the node that is roster member <paramref name="leader"/>, under a fresh round ID.</summary>
    public Task<ByzCoinXOutcome> RunAsync(CosiProtocol protocol, Roster roster, int leader, byte[] message, string? round = null) =>
        Grains(roster.List[leader]).GetGrain<IByzCoinXGrain>(round ?? Guid.NewGuid().ToString())
            .Run(new ByzCoinXRequest(protocol.Name, DedisProtobuf.Encode(roster), message, [1, 2, 3], TimeSpan.FromSeconds(15)))
            .WaitAsync(Patience);

    public IGrainFactory Grains(ServerIdentity node) =>
        _apps[Identities.FindIndex(i => i.ServerIdentity.Id == node.Id)].Services.GetRequiredService<IGrainFactory>();

    /// <summary>The roster's Skipchain keys, as a verifier outside the round knows them.</summary>
    public static IReadOnlyList<G2Point> Publics(Roster roster) =>
        roster.List.Select(si => (G2Point)si.ServiceIdentities.Single(s => s.Name == CosiProtocol.SkipchainService).Public!).ToList();

    public async Task DisposeAsync()
    {
        Checks.Dispose();
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }

    private WebApplication Build(int index)
    {
        var options = LoopbackNode.Options(Path.Combine(_folder, $"node{index}"), $"cosi node {index}",
            [new(CosiProtocol.SkipchainService, Bn256KeyPair.Generate())]);
        Identities.Add(options.Identity);
        return ConodeHost.Build(options, services =>
        {
            services.AddCosiProtocol(Bdn, _ => Checks.For(index));
            services.AddCosiProtocol(Bls, _ => Checks.For(index));
        });
    }
}
