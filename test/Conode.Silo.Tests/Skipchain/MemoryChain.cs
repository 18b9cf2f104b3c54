using Conode.Crypto.Ed25519;
using Conode.Grains.Skipchain;
using Conode.Network;
using Conode.Services.Skipchain;

namespace Conode.Silo.Tests.Skipchain;

/// <summary>
/// A chain kept in a dictionary, built the way a leader builds one: heights per index, back links with
/// <see cref="SkipchainWalks.BackLinksAsync"/>, and, as each block is appended, the link of every level from the
/// block its back link names (unsigned: the walks do not check signatures).
/// </summary>
internal sealed class MemoryChain : ISkipBlockReader
{
    private readonly Dictionary<string, SkipBlock> _blocks = [];

    private MemoryChain(int baseHeight, int maximumHeight, Roster roster)
    {
        Genesis = new SkipBlock
        {
            Height = maximumHeight, MaximumHeight = maximumHeight, BaseHeight = baseHeight,
            BackLinkIds = [new byte[32]], Roster = roster, SignatureScheme = 1,
        };
        Genesis.Hash = SkipBlockHashing.ComputeHash(Genesis);
        Blocks.Add(Genesis);
        _blocks[Key(Genesis.Hash)] = Genesis;
    }

    public SkipBlock Genesis { get; }

    /// <summary>The blocks by index.</summary>
    public List<SkipBlock> Blocks { get; } = [];

    public static Roster RosterOf(int count) => Roster.Create(Enumerable.Range(0, count)
        .Select(i => ServerIdentity.Create(Ed25519KeyPair.Generate().Public, $"tls://127.0.0.1:{7000 + 2 * i}")));

    public static async Task<MemoryChain> BuildAsync(int count, int baseHeight, int maximumHeight, Roster roster)
    {
        var chain = new MemoryChain(baseHeight, maximumHeight, roster);
        for (var i = 1; i < count; i++)
        {
            await chain.AppendAsync(roster);
        }
        return chain;
    }

    public async Task<SkipBlock> AppendAsync(Roster roster)
    {
        var previous = Blocks[^1];
        var block = new SkipBlock
        {
            Index = previous.Index + 1, MaximumHeight = Genesis.MaximumHeight, BaseHeight = Genesis.BaseHeight,
            GenesisId = Genesis.Hash, Roster = roster, SignatureScheme = 1,
        };
        block.Height = SkipLevels.HeightForIndex(block.Index, block.BaseHeight, block.MaximumHeight);
        block.BackLinkIds = await SkipchainWalks.BackLinksAsync(previous, block.Height,
            async (_, id) => await GetAsync(id) ?? throw new InvalidOperationException("missing block"));
        block.Hash = SkipBlockHashing.ComputeHash(block);
        for (var level = 0; level < block.BackLinkIds.Count; level++)
        {
            var from = _blocks[Key(block.BackLinkIds[level])];
            while (from.ForwardLinks.Count < level)
            {
                from.ForwardLinks.Add(new ForwardLink());
            }
            from.ForwardLinks.Add(SkipBlockHashing.NewForwardLink(from, block));
        }
        Blocks.Add(block);
        _blocks[Key(block.Hash)] = block;
        return block;
    }

    public Task<SkipBlock?> GetAsync(byte[] hash) => Task.FromResult(_blocks.GetValueOrDefault(Key(hash)));

    private static string Key(byte[] hash) => Convert.ToHexStringLower(hash);
}
