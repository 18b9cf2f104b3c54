using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Conode.Network;

/// <summary>Transport named by the scheme of an onet address.</summary>
public enum ConnType
{
    /// <summary><c>tcp://</c>: plain TCP.</summary>
    Tcp,

    /// <summary><c>tls://</c>: the onet TLS transport (what deployed conodes use).</summary>
    Tls,

    /// <summary><c>local://</c>: in-process test channels.</summary>
    Local,
}

/// <summary>
/// An onet <c>network.Address</c>: <c>&lt;type&gt;://&lt;host&gt;:&lt;port&gt;</c>, validated exactly like Go's
/// <c>Address.Valid()</c> (onet v3.2.10 network/address.go). The original text is kept verbatim because it is
/// published in rosters and hashed nowhere but compared everywhere.
/// </summary>
public sealed partial class ConodeAddress : IEquatable<ConodeAddress>
{
    private const string Separator = "://";

    private ConodeAddress(string value, ConnType connType, string host, int port, string networkAddress)
    {
        Value = value;
        ConnType = connType;
        Host = host;
        Port = port;
        NetworkAddress = networkAddress;
    }

    /// <summary>The address exactly as written, e.g. <c>tls://[::1]:7770</c>.</summary>
    public string Value { get; }

    public ConnType ConnType { get; }

    /// <summary>Host without IPv6 brackets; empty means "all interfaces".</summary>
    public string Host { get; }

    public int Port { get; }

    /// <summary>The part after <c>://</c> (<c>host:port</c>, brackets kept): what gets dialled.</summary>
    public string NetworkAddress { get; }

    /// <summary>True when the host is a DNS name rather than an IP literal (Go <c>IsHostname</c>).</summary>
    public bool IsHostname => IsValidHostname(Host) && !IsIPAddress(Host);

    public static ConodeAddress Parse(string value) =>
        TryParse(value, out var address, out var error) ? address : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out ConodeAddress? address) =>
        TryParse(value, out address, out _);

    /// <summary>Parses and validates; <paramref name="error"/> says what is wrong in operator terms.</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? value,
        [NotNullWhen(true)] out ConodeAddress? address,
        [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (value is null)
        {
            error = "expected <type>://<host>:<port>, got nothing";
            return false;
        }
        // Go splits on every "://" and wants exactly two parts.
        var parts = value.Split(Separator);
        if (parts.Length != 2)
        {
            error = $"expected <type>://<host>:<port>, got \"{value}\"";
            return false;
        }
        if (!TryParseConnType(parts[0], out var connType))
        {
            error = $"unknown connection type \"{parts[0]}\" (expected tls, tcp or local)";
            return false;
        }
        if (!TrySplitHostPort(parts[1], out var host, out var portText, out var splitError))
        {
            error = $"\"{parts[1]}\": {splitError}";
            return false;
        }
        if (!TryParseGoAtoi(portText, out var port) || port is < 0 or > 65535)
        {
            error = $"port \"{portText}\" is not a number between 0 and 65535";
            return false;
        }
        // An empty host means "all interfaces" and is valid.
        if (host.Length > 0 && !IsIPAddress(host) && !IsValidHostname(host))
        {
            error = $"host \"{host}\" is neither an IP address nor a valid hostname";
            return false;
        }
        address = new ConodeAddress(value, connType, host, (int)port, parts[1]);
        error = null;
        return true;
    }

    /// <summary>Builds <c>type://host:port</c>, bracketing IPv6 hosts like Go's <c>net.JoinHostPort</c>.</summary>
    public static ConodeAddress Create(ConnType connType, string host, int port) =>
        Parse(SchemeOf(connType) + Separator + JoinHostPort(host, port.ToString(CultureInfo.InvariantCulture)));

    public static string SchemeOf(ConnType connType) => connType switch
    {
        ConnType.Tcp => "tcp",
        ConnType.Tls => "tls",
        ConnType.Local => "local",
        _ => throw new ArgumentOutOfRangeException(nameof(connType)),
    };

    /// <summary>
    /// The port the client WebSocket listens on: conode port + 1, unless the ServerIdentity has a URL, in which
    /// case the URL's port, else 80 for http / 443 for https (onet getWSHostPort).
    /// </summary>
    public int WebSocketPort(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            // Go wraps 65535+1 to 0 in a uint16; refusing is kinder than binding a random port.
            return Port < 65535
                ? Port + 1
                : throw new FormatException($"address {Value}: port 65535 leaves no room for the WebSocket port");
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new FormatException($"URL \"{url}\" is not an absolute URL");
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new FormatException($"URL \"{url}\": scheme must be http or https");
        }
        return uri.Port;
    }

    /// <summary>Go <c>net.JoinHostPort</c>: brackets a host that contains a colon.</summary>
    public static string JoinHostPort(string host, string port) =>
        host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";

    /// <summary>Go <c>net.SplitHostPort</c>, with its error texts.</summary>
    public static bool TrySplitHostPort(
        string hostPort,
        [NotNullWhen(true)] out string? host,
        [NotNullWhen(true)] out string? port,
        [NotNullWhen(false)] out string? error)
    {
        host = port = null;
        var lastColon = hostPort.LastIndexOf(':');
        if (lastColon < 0)
        {
            error = "missing port in address";
            return false;
        }
        int noOpenBracketFrom = 0, noCloseBracketFrom = 0;
        string h;
        if (hostPort[0] == '[')
        {
            var end = hostPort.IndexOf(']');
            if (end < 0)
            {
                error = "missing ']' in address";
                return false;
            }
            if (end + 1 == hostPort.Length)
            {
                error = "missing port in address";
                return false;
            }
            if (end + 1 != lastColon)
            {
                error = hostPort[end + 1] == ':' ? "too many colons in address" : "missing port in address";
                return false;
            }
            h = hostPort[1..end];
            noOpenBracketFrom = 1;
            noCloseBracketFrom = end + 1;
        }
        else
        {
            h = hostPort[..lastColon];
            if (h.Contains(':', StringComparison.Ordinal))
            {
                error = "too many colons in address";
                return false;
            }
        }
        if (hostPort.IndexOf('[', noOpenBracketFrom) >= 0)
        {
            error = "unexpected '[' in address";
            return false;
        }
        if (hostPort.IndexOf(']', noCloseBracketFrom) >= 0)
        {
            error = "unexpected ']' in address";
            return false;
        }
        host = h;
        port = hostPort[(lastColon + 1)..];
        error = null;
        return true;
    }

    /// <summary>
    /// onet's validHostname: labels of 1..63 characters, at most 253 characters (254 with a trailing dot), labels
    /// of [a-z0-9] with inner hyphens and an alphabetic last label — or any name without a dot.
    /// </summary>
    public static bool IsValidHostname(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }
        var s = name.ToLowerInvariant();
        var maxLength = 253;
        if (s[^1] == '.')
        {
            // Go's quirk kept as is: the limit grows to 254 *after* the dot is removed.
            maxLength = 254;
            s = s[..^1];
        }
        if (Encoding.UTF8.GetByteCount(s) > maxLength)
        {
            return false;
        }
        foreach (var label in s.Split('.'))
        {
            var length = Encoding.UTF8.GetByteCount(label);
            if (length is < 1 or > 63)
            {
                return false;
            }
        }
        return HostnamePattern().IsMatch(s) || !s.Contains('.', StringComparison.Ordinal);
    }

    /// <summary>
    /// Go <c>net.ParseIP</c> (Go 1.17+): the first '.' or ':' decides between dotted IPv4 (no leading zeros) and
    /// IPv6 (no zone).
    /// </summary>
    public static bool IsIPAddress(string text)
    {
        var first = text.IndexOfAny(['.', ':']);
        return first >= 0 && (text[first] == '.' ? ParseIPv4(text) : IsIPv6(text));
    }

    private static bool ParseIPv4(string s)
    {
        var i = 0;
        for (var part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (i >= s.Length || s[i] != '.')
                {
                    return false;
                }
                i++;
            }
            var start = i;
            var n = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]) && n <= 0xFF)
            {
                n = n * 10 + (s[i] - '0');
                i++;
            }
            if (i == start || n > 0xFF || (i - start > 1 && s[start] == '0'))
            {
                return false;
            }
        }
        return i == s.Length;
    }

    private static bool IsIPv6(string s)
    {
        // Mirrors Go's parseIPv6: counts bytes filled (16 max), one "::" allowed, a trailing dotted IPv4 fills 4.
        var filled = 0;
        var ellipsis = false;
        var i = 0;
        if (s.StartsWith("::", StringComparison.Ordinal))
        {
            ellipsis = true;
            i = 2;
            if (i == s.Length)
            {
                return true;
            }
        }
        while (filled < 16)
        {
            var start = i;
            var n = 0;
            while (i < s.Length && char.IsAsciiHexDigit(s[i]) && n < 0xFFFFFF)
            {
                n = n * 16 + Convert.ToInt32(s[i].ToString(), 16);
                i++;
            }
            if (i == start || n > 0xFFFF)
            {
                return false;
            }
            if (i < s.Length && s[i] == '.')
            {
                if ((!ellipsis && filled != 12) || filled + 4 > 16 || !ParseIPv4(s[start..]))
                {
                    return false;
                }
                filled += 4;
                i = s.Length;
                break;
            }
            filled += 2;
            if (i == s.Length)
            {
                break;
            }
            if (s[i] != ':' || i + 1 == s.Length)
            {
                return false;
            }
            i++;
            if (s[i] == ':')
            {
                if (ellipsis)
                {
                    return false;
                }
                ellipsis = true;
                i++;
                if (i == s.Length)
                {
                    break;
                }
            }
        }
        if (i != s.Length)
        {
            return false;
        }
        // Without "::" all 16 bytes must be given; with it, "::" must stand for at least one zero group.
        return ellipsis ? filled < 16 : filled == 16;
    }

    /// <summary>Go <c>strconv.Atoi</c> syntax: optional sign, decimal digits.</summary>
    private static bool TryParseGoAtoi(string text, out long value)
    {
        value = 0;
        var digits = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        if (digits.Length == 0 || digits.Length > 18 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }
        value = long.Parse(digits, CultureInfo.InvariantCulture) * (text[0] == '-' ? -1 : 1);
        return true;
    }

    private static bool TryParseConnType(string text, out ConnType connType)
    {
        // Case-sensitive, like Go.
        switch (text)
        {
            case "tcp":
                connType = ConnType.Tcp;
                return true;
            case "tls":
                connType = ConnType.Tls;
                return true;
            case "local":
                connType = ConnType.Local;
                return true;
            default:
                connType = default;
                return false;
        }
    }

    [GeneratedRegex(@"^(([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])\.)*([a-z]+)\z")]
    private static partial Regex HostnamePattern();

    public bool Equals(ConodeAddress? other) => other is not null && Value == other.Value;

    public override bool Equals(object? obj) => Equals(obj as ConodeAddress);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;
}
