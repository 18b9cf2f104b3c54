using Conode.Grains.Skipchain;
using Conode.Network;
using Conode.Services.Skipchain;

namespace Conode.Silo.Tests.Skipchain;

public sealed class SkipchainWalksTests
{
    [Theory]
    [InlineData(2, 32)]
    [InlineData(4, 32)]
    [InlineData(3, 3)]
    public async Task Back_link_h_names_the_latest_earlier_block_whose_index_is_a_multiple_of_base_to_the_h(int baseHeight, int maxHeight)
    {
        var chain = await MemoryChain.BuildAsync(40, baseHeight, maxHeight, MemoryChain.RosterOf(1));

        foreach (var block in chain.Blocks.Skip(1))
        {
            Assert.Equal(SkipLevels.HeightForIndex(block.Index, baseHeight, maxHeight), block.BackLinkIds.Count);
            for (var h = 0; h < block.BackLinkIds.Count; h++)
            {
                var step = (int)Math.Pow(baseHeight, h);
                var expected = (block.Index - 1) / step * step;
                Assert.Equal(chain.Blocks[expected].Hash, block.BackLinkIds[h]);
            }
        }
    }

    [Fact]
    public async Task Update_chain_follows_the_highest_links_and_stops_at_the_last_block()
    {
        var chain = await MemoryChain.BuildAsync(20, 2, 32, MemoryChain.RosterOf(1));
        var self = chain.Genesis.Roster!.List[0].Id;

        var update = await SkipchainWalks.UpdateChainAsync(chain, chain.Genesis, 0, 0, self);

        // 0 jumps 16 ahead (level 4), 16 jumps 2 (its level-2 target 20 does not exist yet), then 1.
        Assert.Equal([0, 16, 18, 19], update.Select(b => b.Index));
    }

    [Fact]
    public async Task Update_chain_honours_max_height_and_max_blocks()
    {
        var chain = await MemoryChain.BuildAsync(20, 2, 32, MemoryChain.RosterOf(1));
        var self = chain.Genesis.Roster!.List[0].Id;

        Assert.Equal(Enumerable.Range(0, 20), (await SkipchainWalks.UpdateChainAsync(chain, chain.Genesis, 1, 0, self)).Select(b => b.Index));
        Assert.Equal([0, 4, 8, 12, 16, 18, 19], (await SkipchainWalks.UpdateChainAsync(chain, chain.Genesis, 3, -1, self)).Select(b => b.Index));
        Assert.Equal([0, 16, 18], (await SkipchainWalks.UpdateChainAsync(chain, chain.Genesis, -1, 3, self)).Select(b => b.Index));
        Assert.Equal([5, 6, 8, 16, 18, 19], (await SkipchainWalks.UpdateChainAsync(chain, chain.Blocks[5], 0, 0, self)).Select(b => b.Index));
    }

    [Fact]
    public async Task Update_chain_drops_trailing_blocks_whose_roster_lacks_this_node_but_never_the_first()
    {
        var roster = MemoryChain.RosterOf(2);
        var chain = await MemoryChain.BuildAsync(5, 1, 1, roster);
        var without = Roster.Create([roster.List[1]]);
        await chain.AppendAsync(without);
        await chain.AppendAsync(without);
        var (self, other) = (roster.List[0].Id, roster.List[1].Id);

        Assert.Equal([0, 1, 2, 3, 4], (await SkipchainWalks.UpdateChainAsync(chain, chain.Genesis, 0, 0, self)).Select(b => b.Index));
        Assert.Equal([5], (await SkipchainWalks.UpdateChainAsync(chain, chain.Blocks[5], 0, 0, self)).Select(b => b.Index));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], (await SkipchainWalks.UpdateChainAsync(chain, chain.Genesis, 0, 0, other)).Select(b => b.Index));
    }

    [Fact]
    public async Task A_link_back_in_the_chain_is_an_inconsistency()
    {
        var chain = await MemoryChain.BuildAsync(4, 1, 1, MemoryChain.RosterOf(1));
        chain.Blocks[2].ForwardLinks[0] = SkipBlockHashing.NewForwardLink(chain.Blocks[2], chain.Blocks[1]);

        var error = await Assert.ThrowsAsync<SkipchainException>(() =>
            SkipchainWalks.UpdateChainAsync(chain, chain.Genesis, 0, 0, chain.Genesis.Roster!.List[0].Id));
        Assert.Equal("found inconsistent forward-link", error.Message);
    }

    [Theory]
    [InlineData(13, new[] { 0, 8, 12, 13 })]
    [InlineData(0, new[] { 0 })]
    [InlineData(16, new[] { 0, 16 })]
    [InlineData(19, new[] { 0, 16, 18, 19 })]
    [InlineData(-1, new[] { 0, 16, 18, 19 })]
    public async Task Index_walk_takes_the_highest_jump_that_does_not_pass_the_index(int index, int[] path)
    {
        var chain = await MemoryChain.BuildAsync(20, 2, 32, MemoryChain.RosterOf(1));

        var found = await SkipchainWalks.PathAsync(chain, chain.Genesis, index);

        Assert.Equal(path, found.Select(b => b.Index));
        var links = SkipchainWalks.ProofLinks(found);
        Assert.Equal(chain.Genesis.Hash, links[0].To);
        Assert.Empty(links[0].From);
        Assert.Same(chain.Genesis.Roster, links[0].NewRoster);
        for (var i = 1; i < links.Count; i++)
        {
            Assert.Equal(found[i - 1].Hash, links[i].From);
            Assert.Equal(found[i].Hash, links[i].To);
        }
    }

    [Fact]
    public async Task Index_walk_beyond_the_chain_fails()
    {
        var chain = await MemoryChain.BuildAsync(20, 2, 32, MemoryChain.RosterOf(1));

        var error = await Assert.ThrowsAsync<SkipchainException>(() => SkipchainWalks.PathAsync(chain, chain.Genesis, 25));
        Assert.Equal("didn't find destination block", error.Message);
    }

    [Fact]
    public async Task Get_blocks_answer_follows_level_zero_or_the_highest_link()
    {
        var chain = await MemoryChain.BuildAsync(20, 2, 32, MemoryChain.RosterOf(1));

        Assert.Equal([3, 4, 5, 6], (await SkipchainWalks.CollectAsync(chain, chain.Blocks[3].Hash, 4, false)).Select(b => b.Index));
        Assert.Equal([3, 4, 8, 16, 18, 19], (await SkipchainWalks.CollectAsync(chain, chain.Blocks[3].Hash, 100, true)).Select(b => b.Index));
        Assert.Empty(await SkipchainWalks.CollectAsync(chain, new byte[32], 10, true));
    }
}
