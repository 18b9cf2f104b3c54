using Orleans.Storage;

namespace Conode.Silo.Storage;

/// <summary>
/// Gives a grain store the grain type along with the state name. Orleans' ADO.NET provider keys a state by
/// state name and grain key only, so two grain types keyed alike (say, both by a skipchain ID) with a state of
/// the same name would share one row; passing <c>&lt;grain type&gt;/&lt;state name&gt;</c> keys it the way
/// <see cref="SqliteGrainStorage"/> does.
/// </summary>
internal sealed class GrainTypeScopedStorage(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(Scoped(stateName, grainId), grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(Scoped(stateName, grainId), grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(Scoped(stateName, grainId), grainId, grainState);

    private static string Scoped(string stateName, GrainId grainId) => $"{grainId.Type}/{stateName}";
}
