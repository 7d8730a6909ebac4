using Wharf.Server.Tls;

namespace Wharf.Server.Tests.Tls;

/// <summary>A listen address without a scheme takes https when Wharf serves TLS and http otherwise; one with a scheme
/// keeps it, so plain HTTP beside HTTPS is possible only when asked for by name.</summary>
public sealed class ListenUrlsTests
{
    [Theory]
    [InlineData(null, false, "http://0.0.0.0:5000")]
    [InlineData(null, true, "https://0.0.0.0:5000")]
    [InlineData("127.0.0.1:5443", true, "https://127.0.0.1:5443")]
    [InlineData("127.0.0.1:5000", false, "http://127.0.0.1:5000")]
    [InlineData("https://0.0.0.0:443; http://127.0.0.1:8080", true, "https://0.0.0.0:443 http://127.0.0.1:8080")]
    [InlineData("http://0.0.0.0:5000", true, "http://0.0.0.0:5000")]
    public void Addresses_without_a_scheme_follow_the_TLS_setting(string? configured, bool tls, string expected)
    {
        var listen = ListenUrls.Resolve(configured, [], tls);

        Assert.Equal(expected.Split(' '), listen.Urls);
    }

    [Fact]
    public void The_https_hosts_come_from_urls_and_Kestrel_endpoints()
    {
        var listen = ListenUrls.Resolve("10.0.0.2:5443;http://127.0.0.1:5000", ["https://[::]:8443"], tls: true);

        Assert.True(listen.AnyHttps);
        Assert.Equal(["10.0.0.2", "[::]"], listen.HttpsHosts);
    }
}
