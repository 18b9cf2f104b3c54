using Conode.Services.Status;

namespace Conode.Client;

/// <summary>Calls of the Status service.</summary>
public static class StatusClient
{
    public const string ServiceName = "Status";

    /// <summary>The node's status sections and its ServerIdentity (<c>/Status/Request</c>).</summary>
    public static Task<StatusResponse> GetStatusAsync(this ConodeClient client, ConodeEndpoint node,
        CancellationToken cancellationToken = default) =>
        client.RequestAsync<StatusRequest, StatusResponse>(node, ServiceName, new StatusRequest(), cancellationToken);
}
