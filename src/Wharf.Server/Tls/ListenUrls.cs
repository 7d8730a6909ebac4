using Microsoft.AspNetCore.Http;

namespace Wharf.Server.Tls;

/// <summary>Where Wharf listens: the <c>urls</c> setting (<c>--listen</c>) with its scheme resolved, plus the URLs of any
/// <c>Kestrel:Endpoints</c>. An address given without a scheme (<c>0.0.0.0:5000</c>, the default) is https when Wharf
/// serves TLS and http otherwise; an explicit scheme is kept, which is how a plain-HTTP listener can sit beside HTTPS
/// on purpose (decision 010).</summary>
public sealed record ListenUrls(IReadOnlyList<string> Urls, IReadOnlyList<string> EndpointUrls)
{
    /// <summary>The address when nothing says otherwise.</summary>
    public const string DefaultAddress = "0.0.0.0:5000";

    /// <summary>Every URL Wharf may bind.</summary>
    public IEnumerable<string> All => Urls.Concat(EndpointUrls);

    /// <summary>True when some listener is https.</summary>
    public bool AnyHttps => All.Any(IsHttps);

    /// <summary><paramref name="configured"/> is the <c>urls</c> value: addresses separated by <c>;</c>.</summary>
    public static ListenUrls Resolve(string? configured, IEnumerable<string> endpointUrls, bool tls) =>
        new(
            [.. (configured is { Length: > 0 } ? configured : DefaultAddress)
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(address => address.Contains("://", StringComparison.Ordinal) ? address : $"{(tls ? "https" : "http")}://{address}")],
            [.. endpointUrls]);

    /// <summary>The host part of each https URL as Kestrel parses it (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, a name or an address).</summary>
    public IEnumerable<string> HttpsHosts => All.Where(IsHttps).Select(url => BindingAddress.Parse(url).Host);

    private static bool IsHttps(string url) => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
