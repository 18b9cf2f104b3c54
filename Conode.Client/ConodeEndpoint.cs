using Conode.Network;

namespace Conode.Client;

/// <summary>
/// Where a conode's client port is: its conode address, and the external WebSocket URL when the
/// operator published one (e.g. behind a TLS reverse proxy).
/// </summary>
public sealed record ConodeEndpoint(ConodeAddress Address, string Url = "")
{
    public static ConodeEndpoint Of(ServerIdentity identity) => new(ConodeAddress.Parse(identity.Address), identity.Url);

    public static ConodeEndpoint Parse(string address, string url = "") => new(ConodeAddress.Parse(address), url);

    /// <summary>
    /// The Go client's rule (onet-wire.md §6.6): with a URL, its scheme http→ws / https→wss and its path with
    /// <c>Service/Method</c> appended; without one, <c>ws://host:(port+1)/Service/Method</c>.
    /// </summary>
    public Uri ServiceUri(string service, string method)
    {
        if (string.IsNullOrEmpty(Url))
        {
            var hostPort = ConodeAddress.JoinHostPort(Address.Host, Address.WebSocketPort(null).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new Uri($"ws://{hostPort}/{service}/{method}");
        }
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url))
        {
            throw new FormatException($"URL \"{Url}\" of {Address} is not an absolute URL");
        }
        var builder = new UriBuilder(url)
        {
            Scheme = url.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Port = url.IsDefaultPort ? -1 : url.Port,
        };
        var path = builder.Path.EndsWith('/') ? builder.Path : builder.Path + "/";
        builder.Path = path + service + "/" + method;
        return builder.Uri;
    }

    public override string ToString() => string.IsNullOrEmpty(Url) ? Address.ToString() : $"{Address} ({Url})";
}
