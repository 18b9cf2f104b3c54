namespace Conode.IntegrationTests.Harness;

/// <summary>Three nodes shared by the read-only tests of a collection.</summary>
public sealed class ThreeNodeCothority : IAsyncLifetime
{
    public LocalCothority Cothority { get; private set; } = null!;

    public async Task InitializeAsync() => Cothority = await LocalCothority.StartAsync(3);

    public async Task DisposeAsync() => await Cothority.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ThreeNodeCollection : ICollectionFixture<ThreeNodeCothority>
{
    public const string Name = "three nodes";
}
