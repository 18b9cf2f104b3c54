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

/// <summary>
/// Tests that start cothorities of their own with many nodes or kill nodes: they run one at a time and alone, so
/// that the signing rounds' fixed timeouts (cothority-services.md §7.2) are not spent waiting for a CPU.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OwnCothorityCollection
{
    public const string Name = "own cothorities";
}
