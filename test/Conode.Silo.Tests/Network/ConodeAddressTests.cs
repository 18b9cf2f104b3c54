using Conode.Network;

namespace Conode.Silo.Tests.Network;

public class ConodeAddressTests
{
    [Theory]
    [InlineData("tls://127.0.0.1:7770", ConnType.Tls, "127.0.0.1", 7770)]
    [InlineData("tcp://10.0.0.1:7770", ConnType.Tcp, "10.0.0.1", 7770)]
    [InlineData("local://conode1:2000", ConnType.Local, "conode1", 2000)]
    [InlineData("tls://:7770", ConnType.Tls, "", 7770)]
    [InlineData("tls://[::1]:7770", ConnType.Tls, "::1", 7770)]
    [InlineData("tls://[fd00::1:2]:0", ConnType.Tls, "fd00::1:2", 0)]
    [InlineData("tls://[::ffff:1.2.3.4]:65535", ConnType.Tls, "::ffff:1.2.3.4", 65535)]
    [InlineData("tls://conode.example.org:7770", ConnType.Tls, "conode.example.org", 7770)]
    [InlineData("tls://Conode.Example.ORG.:7770", ConnType.Tls, "Conode.Example.ORG.", 7770)]
    [InlineData("tls://localhost:7770", ConnType.Tls, "localhost", 7770)]
    [InlineData("tls://under_score:1", ConnType.Tls, "under_score", 1)] // dotless names are always accepted
    [InlineData("tls://1.2.3.4:+80", ConnType.Tls, "1.2.3.4", 80)] // strconv.Atoi takes a sign
    [InlineData("tls://[1::2::3]:7770", ConnType.Tls, "1::2::3", 7770)] // not an IP, but dotless ⇒ a "hostname" for Go
    [InlineData("tls://[fe80::1%eth0]:7770", ConnType.Tls, "fe80::1%eth0", 7770)] // same quirk
    public void ValidAddressesParseLikeGo(string text, ConnType type, string host, int port)
    {
        var address = ConodeAddress.Parse(text);
        Assert.Equal(type, address.ConnType);
        Assert.Equal(host, address.Host);
        Assert.Equal(port, address.Port);
        Assert.Equal(text, address.ToString());
        Assert.Equal(text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..], address.NetworkAddress);
    }

    [Theory]
    [InlineData("tls4://10.0.0.4:2000", "unknown connection type \"tls4\"")]
    [InlineData("TLS://10.0.0.4:2000", "unknown connection type \"TLS\"")]
    [InlineData("tls://1000.0.0.4:2000", "host \"1000.0.0.4\" is neither an IP address nor a valid hostname")]
    [InlineData("tls://host", "missing port in address")]
    [InlineData("tls://10.0.0.4:20000000", "port \"20000000\" is not a number between 0 and 65535")]
    [InlineData("tls://10.0.0.4:-1", "port \"-1\"")]
    [InlineData("tls://10.0.0.4:", "port \"\"")]
    [InlineData("tls://::1:7770", "too many colons in address")]
    [InlineData("tls://[::1:7770", "missing ']' in address")]
    [InlineData("tls://[::1]7770", "missing port in address")]
    [InlineData("tls://a]b:7770", "unexpected ']' in address")]
    [InlineData("127.0.0.1:7770", "expected <type>://<host>:<port>")]
    [InlineData("tls://tls://1.2.3.4:7770", "expected <type>://<host>:<port>")]
    [InlineData("tls://-bad.example.org:7770", "is neither an IP address nor a valid hostname")]
    [InlineData("tls://example.123:7770", "is neither an IP address nor a valid hostname")]
    [InlineData("tls://01.2.3.4:7770", "is neither an IP address nor a valid hostname")]
    [InlineData("tls://[1.2.3.4.5]:7770", "is neither an IP address nor a valid hostname")]
    public void InvalidAddressesAreRefusedWithAReason(string text, string reason)
    {
        Assert.False(ConodeAddress.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
        Assert.Throws<FormatException>(() => ConodeAddress.Parse(text));
    }

    [Fact]
    public void HostnameLengthRulesFollowGo()
    {
        var label63 = new string('a', 63);
        Assert.True(ConodeAddress.IsValidHostname($"{label63}.org"));
        Assert.False(ConodeAddress.IsValidHostname($"{label63}a.org"));
        var name253 = string.Join('.', Enumerable.Repeat(new string('a', 49), 5)) + ".abc"; // 5*50 + 3
        Assert.Equal(253, name253.Length);
        Assert.True(ConodeAddress.IsValidHostname(name253));
        Assert.True(ConodeAddress.IsValidHostname(name253 + "."));
        Assert.False(ConodeAddress.IsValidHostname("a" + name253));
        Assert.False(ConodeAddress.IsValidHostname("a..org"));
        Assert.False(ConodeAddress.IsValidHostname(""));
        // A final newline must not sneak past the end anchor.
        Assert.False(ConodeAddress.IsValidHostname("example.org\n"));
    }

    [Theory]
    [InlineData("1.2.3.4", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("256.1.1.1", false)]
    [InlineData("1.2.3", false)]
    [InlineData("::", true)]
    [InlineData("1:2:3:4:5:6:7:8", true)]
    [InlineData("1:2:3:4:5:6:7:8:9", false)]
    [InlineData("1:2:3:4:5:6:7::8", false)] // "::" must stand for at least one group
    [InlineData("1:2:3:4:5:6:1.2.3.4", true)]
    [InlineData("1:2:3:4:5:1.2.3.4", false)]
    [InlineData("::1.2.3.4", true)]
    [InlineData("00001::", true)] // Go reads any number of hex digits as long as the value fits 16 bits
    [InlineData("1:2:", false)]
    [InlineData("localhost", false)]
    public void IpLiteralsFollowGoParseIp(string text, bool isIp) =>
        Assert.Equal(isIp, ConodeAddress.IsIPAddress(text));

    [Fact]
    public void WebSocketPortIsNextPortUnlessUrlIsSet()
    {
        var address = ConodeAddress.Parse("tls://127.0.0.1:7770");
        Assert.Equal(7771, address.WebSocketPort(null));
        Assert.Equal(7771, address.WebSocketPort(""));
        Assert.Equal(443, address.WebSocketPort("https://conode.example.org"));
        Assert.Equal(80, address.WebSocketPort("http://conode.example.org/conode/"));
        Assert.Equal(9000, address.WebSocketPort("https://conode.example.org:9000"));
        Assert.Throws<FormatException>(() => address.WebSocketPort("ftp://x"));
        Assert.Throws<FormatException>(() => ConodeAddress.Parse("tls://1.2.3.4:65535").WebSocketPort(null));
    }

    [Fact]
    public void CreateBracketsIpv6AndEqualityUsesTheText()
    {
        Assert.Equal("tls://[::1]:7770", ConodeAddress.Create(ConnType.Tls, "::1", 7770).ToString());
        Assert.Equal("tcp://1.2.3.4:1", ConodeAddress.Create(ConnType.Tcp, "1.2.3.4", 1).ToString());
        Assert.Equal(ConodeAddress.Parse("tls://a:1"), ConodeAddress.Parse("tls://a:1"));
        Assert.NotEqual(ConodeAddress.Parse("tls://a:1"), ConodeAddress.Parse("tcp://a:1"));
        Assert.True(ConodeAddress.Parse("tls://conode.example.org:1").IsHostname);
        Assert.False(ConodeAddress.Parse("tls://1.2.3.4:1").IsHostname);
    }
}
