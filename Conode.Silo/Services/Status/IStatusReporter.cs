namespace Conode.Silo.Services.Status;

/// <summary>A section a service adds to <c>/Status/Request</c> (onet's RegisterStatusReporter).</summary>
public interface IStatusReporter
{
    /// <summary>The section's name, e.g. <c>Skipblock</c>.</summary>
    string Section { get; }

    Task<IReadOnlyDictionary<string, string>> GetStatusAsync();
}
