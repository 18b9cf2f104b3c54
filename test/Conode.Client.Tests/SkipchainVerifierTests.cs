using Conode.Client.Skipchain;
using Conode.Services.Skipchain;

namespace Conode.Client.Tests;

public sealed class SkipchainVerifierTests
{
    private static TestChain ChainOf(int blocks, int rosterSize = 4)
    {
        var chain = new TestChain();
        var roster = chain.NewRoster(rosterSize);
        for (var i = 0; i < blocks; i++)
        {
            chain.Append(roster, $"block {i}");
        }
        return chain;
    }

    [Fact]
    public void A_signed_chain_verifies_from_its_genesis()
    {
        var chain = ChainOf(4);
        SkipchainVerifier.VerifyChain(chain.Blocks, chain.Blocks[0].Hash);
    }

    [Fact]
    public void A_link_signed_by_the_threshold_only_verifies()
    {
        var chain = new TestChain();
        var roster = chain.NewRoster(4);
        chain.Append(roster, "genesis");
        chain.Append(roster, "one", absent: 3);
        SkipchainVerifier.VerifyChain(chain.Blocks);
    }

    [Fact]
    public void A_link_signed_by_too_few_members_is_refused()
    {
        var chain = new TestChain();
        var roster = chain.NewRoster(4);
        chain.Append(roster, "genesis");
        chain.Append(roster, "one", 2, 3);
        var error = Assert.Throws<SkipchainVerificationException>(() => SkipchainVerifier.VerifyChain(chain.Blocks));
        Assert.StartsWith("block 0: ", error.Message);
    }

    [Fact]
    public void Changed_data_is_noticed()
    {
        var chain = ChainOf(3);
        chain.Blocks[1].Data = "forged"u8.ToArray();
        var error = Assert.Throws<SkipchainVerificationException>(() => SkipchainVerifier.VerifyChain(chain.Blocks));
        Assert.Equal("block 1: the hash does not match the content", error.Message);
    }

    [Fact]
    public void A_forged_signature_is_noticed()
    {
        var chain = ChainOf(3);
        chain.Blocks[1].ForwardLinks[0].Signature.Sig[5] ^= 1;
        Assert.Throws<SkipchainVerificationException>(() => SkipchainVerifier.VerifyBlock(chain.Blocks[1]));
    }

    [Fact]
    public void A_gap_in_the_chain_is_noticed()
    {
        var chain = ChainOf(4);
        var error = Assert.Throws<SkipchainVerificationException>(() =>
            SkipchainVerifier.VerifyChain([chain.Blocks[0], chain.Blocks[2]]));
        Assert.Equal("block 0 has no forward link to block 2", error.Message);
    }

    [Fact]
    public void A_chain_from_another_block_than_asked_is_refused()
    {
        var chain = ChainOf(2);
        var error = Assert.Throws<SkipchainVerificationException>(() =>
            SkipchainVerifier.VerifyChain(chain.Blocks, chain.Blocks[1].Hash));
        Assert.Equal("the chain does not start at the block asked for", error.Message);
    }

    [Fact]
    public void A_roster_handover_must_match_the_next_block()
    {
        var chain = new TestChain();
        var first = chain.NewRoster(3);
        chain.Append(first, "genesis");
        var next = chain.Append(chain.NewRoster(3), "new roster");
        SkipchainVerifier.VerifyChain(chain.Blocks);
        Assert.Equal(next.Roster!.Id, chain.Blocks[0].ForwardLinks[0].NewRoster!.Id);

        // A block that claims another roster than the one the signed link handed over to.
        next.Roster = first;
        next.Hash = SkipBlockHashing.ComputeHash(next);
        chain.Blocks[0].ForwardLinks[0].To = next.Hash;
        Assert.Throws<SkipchainVerificationException>(() => SkipchainVerifier.VerifyLinked(chain.Blocks[0], next));
    }

    [Fact]
    public void An_empty_chain_is_refused() =>
        Assert.Throws<SkipchainVerificationException>(() => SkipchainVerifier.VerifyChain([]));
}
