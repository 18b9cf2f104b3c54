using Conode.Crypto.Ed25519;
using Conode.Network;
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

    /// <summary>
    /// Asks <paramref name="node"/> (which must be in <paramref name="nodes"/>) whether all the nodes reach each
    /// other (<c>/Status/CheckConnectivity</c>). Only the node's operator can ask: the request is signed with the
    /// node's own private key. With <paramref name="findFaulty"/> the reply lists the nodes that do, instead of
    /// failing.
    /// </summary>
    public static Task<CheckConnectivityReply> CheckConnectivityAsync(this ConodeClient client, ConodeEndpoint node,
        Ed25519KeyPair nodeKey, IEnumerable<ServerIdentity> nodes, TimeSpan timeout, bool findFaulty,
        CancellationToken cancellationToken = default)
    {
        var request = new CheckConnectivity
        {
            Time = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Timeout = timeout.Ticks * 100,
            FindFaulty = findFaulty,
            List = nodes.ToList(),
        };
        request.Signature = Schnorr.Sign(nodeKey, ConnectivitySignature.Message(request));
        return client.RequestAsync<CheckConnectivity, CheckConnectivityReply>(node, ServiceName, request, cancellationToken);
    }
}
