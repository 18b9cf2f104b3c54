using Conode.Grains.Messaging;

namespace Conode.Silo.Tests.Overlay;

public sealed class BroadcastCounterTests
{
    [Theory]
    [InlineData(5, 1, 1, 3)]
    [InlineData(5, 2, 2, 2)]
    [InlineData(5, 4, 4, 0)]
    [InlineData(2, 1, 1, 0)]
    public void A_follower_waits_for_index_contacts_and_an_answer_from_every_later_node(int count, int index, int contacts, int dones)
    {
        var counter = new BroadcastCounter(index, count);
        Assert.False(counter.IsRoot);
        for (var i = 0; i < contacts; i++)
        {
            Assert.False(counter.IsComplete);
            Assert.True(counter.ContactReceived());
        }
        for (var i = 0; i < dones; i++)
        {
            Assert.False(counter.IsComplete);
            Assert.True(counter.DoneReceived());
        }
        Assert.True(counter.IsComplete);
        Assert.False(counter.ContactReceived());
        Assert.False(counter.DoneReceived());
    }

    [Fact]
    public void The_root_waits_for_two_dones_from_every_other_node()
    {
        var counter = new BroadcastCounter(0, 4);
        Assert.True(counter.IsRoot);
        for (var i = 0; i < 6; i++)
        {
            Assert.False(counter.IsComplete);
            Assert.True(counter.DoneReceived());
        }
        Assert.True(counter.IsComplete);
        Assert.False(counter.ContactReceived());
    }

    [Fact]
    public void A_node_outside_the_list_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BroadcastCounter(3, 3));
    }
}
