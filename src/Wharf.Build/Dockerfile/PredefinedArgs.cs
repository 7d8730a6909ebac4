using Wharf.Oci;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// The ARGs docker defines without a declaration. The proxy ARGs may be passed as build args without an ARG and
/// reach RUN's environment (never the image's history); the platform ARGs are in the global scope (usable in
/// FROM) and inside a stage once it declares them with a value-less <c>ARG TARGETPLATFORM</c>.
/// </summary>
public static class PredefinedArgs
{
    public static readonly IReadOnlySet<string> Proxy = new HashSet<string>(StringComparer.Ordinal)
    {
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
        "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
    };

    /// <summary>TARGETPLATFORM, TARGETOS, TARGETARCH, TARGETVARIANT and the BUILD* four, from the two platforms.</summary>
    public static IReadOnlyDictionary<string, string> ForPlatforms(Platform build, Platform target) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["BUILDPLATFORM"] = build.ToString(),
        ["BUILDOS"] = build.Os,
        ["BUILDARCH"] = build.Architecture,
        ["BUILDVARIANT"] = build.Variant ?? "",
        ["TARGETPLATFORM"] = target.ToString(),
        ["TARGETOS"] = target.Os,
        ["TARGETARCH"] = target.Architecture,
        ["TARGETVARIANT"] = target.Variant ?? "",
    };
}
