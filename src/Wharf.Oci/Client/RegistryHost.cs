using System.Net;

namespace Wharf.Oci.Client;

/// <summary>Where a registry named <c>host[:port]</c> is reached: the scheme, the API host for Docker Hub, and the
/// <c>host:port</c> that error messages name.</summary>
internal static class RegistryHost
{
    /// <summary>Docker Hub's name in references (<c>docker.io</c>) is not where its API answers.</summary>
    public const string DockerHubApi = "registry-1.docker.io";

    public static bool IsDockerHub(string host) => host is Images.ImageReference.DockerHub or "index.docker.io" or DockerHubApi;

    /// <summary>Loopback registries (127.0.0.0/8, ::1, <c>localhost</c>) speak plain HTTP, as docker assumes.</summary>
    public static bool IsLoopback(string host)
    {
        if (!Uri.TryCreate($"http://{host}/", UriKind.Absolute, out var uri))
        {
            return false;
        }

        var name = uri.Host.Trim('[', ']');
        return string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase) ||
            (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary><c>http(s)://host[:port]/</c>: HTTPS unless the host is loopback or <paramref name="insecure"/>.</summary>
    public static Uri BaseAddress(string host, bool insecure)
    {
        var scheme = insecure || IsLoopback(host) ? "http" : "https";
        var api = IsDockerHub(host) ? DockerHubApi : host;
        return Uri.TryCreate($"{scheme}://{api}/", UriKind.Absolute, out var uri) && uri.AbsolutePath == "/" && uri.Query.Length == 0
            ? uri
            : throw new FormatException($"'{host}' is not a registry host (host or host:port)");
    }

    /// <summary>host:port with the port filled in from the scheme, for "cannot reach" messages.</summary>
    public static string HostAndPort(Uri uri) => $"{uri.Host}:{uri.Port}";
}
