using Conode.Network;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Conode.Interfaces.Tests.Network;

public class UuidOrleansTests
{
    [Fact]
    public void SurvivesOrleansSerialization()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var uuid = Uuid.V5("grain argument");
        Assert.Equal(uuid, serializer.Deserialize<Uuid>(serializer.SerializeToArray(uuid)));
    }
}
