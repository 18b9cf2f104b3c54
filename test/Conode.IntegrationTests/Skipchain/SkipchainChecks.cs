using Conode.Client;
using Conode.Client.Skipchain;
using Conode.IntegrationTests.Harness;
using Conode.IntegrationTests.Status;
using Conode.Network;
using Conode.Services.Skipchain;
using Xunit.Abstractions;

namespace Conode.IntegrationTests.Skipchain;

/// <summary>What the Skipchain integration tests check on the chains real nodes serve.</summary>
internal static class SkipchainChecks
{
    public static Roster RosterOf(LocalCothority cothority) => RosterOf(cothority.RosterPath);

    /// <summary>The roster of a group file (a cothority's public.toml, or one node's).</summary>
    public static Roster RosterOf(string groupToml) =>
        Roster.Create(Silo.Config.GroupConfig.Load(groupToml).Servers.Select(server => server.ToServerIdentity()));

    /// <summary>One chain per entry of <paramref name="blocks"/>, with that many blocks after its genesis.</summary>
    public static async Task<List<List<SkipBlock>>> GrowChainsAsync(ConodeClient client, Roster roster, params int[] blocks)
    {
        var chains = new List<List<SkipBlock>>();
        foreach (var count in blocks)
        {
            chains.Add(await GrowChainAsync(client, roster, count));
        }
        return chains;
    }

    /// <summary>The members A, B, C, D of a cothority of four, in node order.</summary>
    public static (ServerIdentity A, ServerIdentity B, ServerIdentity C, ServerIdentity D) FourMembers(LocalCothority cothority)
    {
        var members = ConnectivityTests.Roster(cothority);
        return (members[0], members[1], members[2], members[3]);
    }

    /// <summary>A chain of <paramref name="blocks"/> blocks after the genesis, appended through the roster's leader.</summary>
    public static async Task<List<SkipBlock>> GrowChainAsync(ConodeClient client, Roster roster, int blocks,
        ITestOutputHelper? output = null, int baseHeight = 2)
    {
        var chain = new List<SkipBlock> { await client.CreateGenesisAsync(roster, "genesis"u8.ToArray(), baseHeight, 32) };
        await AppendAsync(client, chain, blocks, output);
        return chain;
    }

    /// <summary>Appends <paramref name="blocks"/> blocks, sent to <paramref name="leader"/> if given, else to the roster's leader.</summary>
    public static async Task AppendAsync(ConodeClient client, List<SkipBlock> chain, int blocks, ITestOutputHelper? output = null,
        ConodeEndpoint? leader = null)
    {
        for (var i = 0; i < blocks; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var reply = await client.AddBlockAsync(chain[^1], [.. "block "u8, (byte)chain.Count], leader: leader);
            output?.WriteLine($"block {reply.Latest!.Index} appended in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
            Assert.Equal(chain[^1].Hash, reply.Previous!.Hash);
            Assert.Equal(chain.Count, reply.Latest!.Index);
            chain.Add(reply.Latest);
        }
    }

    /// <summary>
    /// Asks <paramref name="node"/> for the chain from the genesis as Go's client does and checks it: every hash and
    /// forward link verifies (the SDK's verifier), it ends at the last block, and consecutive blocks p, b are joined
    /// at level min(p.Height, b.Height) − 1 both ways, which only holds when the node builds higher-level links as Go.
    /// Higher-level links come after the appends are answered, so the node is asked until they are all there.
    /// </summary>
    public static async Task AssertServesChainAsync(ConodeClient client, ConodeEndpoint node, IReadOnlyList<SkipBlock> chain)
    {
        var genesis = chain[0];
        var update = await Conode.Tests.Eventually.AskAsync(() => client.GetUpdateChainAsync(node, genesis.Hash),
            blocks => blocks[^1].Hash.AsSpan().SequenceEqual(chain[^1].Hash) && blocks.Count == ShortestPathLength(chain));
        SkipchainVerifier.VerifyChain(update, genesis.Hash);
        Assert.Equal(chain[^1].Hash, update[^1].Hash);
        for (var i = 1; i < update.Count; i++)
        {
            var (previous, block) = (update[i - 1], update[i]);
            var level = Math.Min(previous.Height, block.Height) - 1;
            Assert.Equal(previous.Hash, block.BackLinkIds[level]);
            Assert.Equal(block.Hash, previous.ForwardLinks[level].To);
        }
        Assert.Equal(ShortestPathLength(chain), update.Count);

        var everyBlock = await client.RequestAsync<GetUpdateChain, GetUpdateChainReply>(node, SkipchainConstants.ServiceName,
            new GetUpdateChain { LatestId = genesis.Hash, MaxHeight = 1 });
        SkipchainVerifier.VerifyChain(everyBlock.Update, genesis.Hash);
        Assert.Equal(chain.Select(b => b.Hash), everyBlock.Update.Select(b => b.Hash));

        foreach (var expected in chain)
        {
            var reply = await client.GetSingleBlockByIndexAsync(node, genesis.Hash, expected.Index);
            Assert.Equal(expected.Hash, reply.SkipBlock!.Hash);
            Assert.Equal(genesis.Hash, reply.Links[0].To);
            Assert.Equal(expected.Hash, reply.Links[^1].To);
            for (var i = 2; i < reply.Links.Count; i++)
            {
                Assert.Equal(reply.Links[i - 1].To, reply.Links[i].From);
            }
        }
        Assert.Contains(await client.GetAllSkipChainIdsAsync(node), id => id.AsSpan().SequenceEqual(genesis.Hash));
    }

    /// <summary>
    /// <paramref name="node"/> stores exactly <paramref name="chains"/> (GetAllSkipChainIDs), serves each one verified
    /// (<see cref="AssertServesChainAsync"/>) and every block of them by its ID.
    /// </summary>
    public static async Task AssertServesEveryChainAsync(ConodeClient client, ConodeEndpoint node, IReadOnlyList<List<SkipBlock>> chains)
    {
        var stored = await client.GetAllSkipChainIdsAsync(node);
        Assert.Equal(chains.Select(chain => Convert.ToHexString(chain[0].Hash)).Order(), stored.Select(Convert.ToHexString).Order());
        foreach (var chain in chains)
        {
            await AssertServesChainAsync(client, node, chain);
            foreach (var block in chain)
            {
                // The SDK checks the block's hash and its forward links' signatures.
                var served = await client.GetSingleBlockAsync(node, block.Hash);
                Assert.Equal(block.Data, served.Data);
            }
        }
    }

    /// <summary>
    /// What a node that came back (restored, failed over) must do: serve every chain it acknowledged, verified, and
    /// still append to each, through <paramref name="node"/>.
    /// </summary>
    public static async Task AssertChainsIntactAndGrowingAsync(ConodeClient client, ConodeEndpoint node, IReadOnlyList<List<SkipBlock>> chains)
    {
        await AssertServesEveryChainAsync(client, node, chains);
        foreach (var chain in chains)
        {
            await AppendAsync(client, chain, 1, leader: node);
            await AssertServesChainAsync(client, node, chain);
        }
    }

    /// <summary>Blocks on the path along the highest links from the genesis to the last block, when every link exists.</summary>
    private static int ShortestPathLength(IReadOnlyList<SkipBlock> chain)
    {
        var (index, last, count) = (0, chain.Count - 1, 1);
        while (index < last)
        {
            var height = chain[index].Height;
            var step = 1;
            for (var level = height - 1; level >= 0; level--)
            {
                var jump = (long)Math.Pow(chain[0].BaseHeight, level);
                if (index + jump <= last)
                {
                    step = (int)jump;
                    break;
                }
            }
            index += step;
            count++;
        }
        return count;
    }
}
