namespace Wharf.Server.Tests.Infrastructure;

/// <summary>How <see cref="WharfProcess"/> starts <c>wharf serve</c>: the data directory, and optionally more flags,
/// the listen address, a command to run it under (<c>ip netns exec NS</c>), and for a TLS Wharf the address and HTTP
/// handler (one that trusts the test's CA) the start-up health check uses.</summary>
public sealed record WharfLaunch(string DataDirectory)
{
    /// <summary>Flags after <c>serve --listen … --data-dir …</c>, e.g. <c>--tls-cert</c>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Variables added to the process's environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>A command <c>dotnet wharf.dll serve …</c> runs under, e.g. <c>["ip", "netns", "exec", "NS"]</c>.</summary>
    public IReadOnlyList<string> Prefix { get; init; } = [];

    /// <summary><c>--listen</c>; null means 127.0.0.1 on a free port.</summary>
    public string? Listen { get; init; }

    /// <summary>Where the health check (and tests) reach it; null means <c>http://</c> + <see cref="Listen"/>.</summary>
    public Uri? BaseAddress { get; init; }

    /// <summary>The health check's HTTP handler; null means a default one.</summary>
    public Func<HttpMessageHandler>? Handler { get; init; }
}
