using System.Diagnostics;

namespace Wharf.Build.Execution;

/// <summary>A network namespace with only a loopback interface, up, for a RUN step without network: what
/// <c>docker build --network none</c> gives (a namespace runc makes itself would have loopback down, and a build
/// that talks to a server it started on localhost would fail). Made with iproute2's <c>ip netns</c>.</summary>
internal sealed class NetworkNamespace : IDisposable
{
    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>The namespace file runc joins.</summary>
    public string Path => $"/var/run/netns/{Name}";

    public static async Task<NetworkNamespace> CreateAsync(string name, CancellationToken ct)
    {
        await IpAsync(["netns", "add", name], ct);
        var created = new NetworkNamespace(name);
        try
        {
            await IpAsync(["-n", name, "link", "set", "lo", "up"], ct);
            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        using var process = Process.Start(new ProcessStartInfo("ip", ["netns", "delete", Name]) { RedirectStandardError = true });
        process?.WaitForExit();
    }

    private static async Task IpAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo("ip", arguments) { RedirectStandardError = true })
            ?? throw new BuildFailedException("cannot start ip (iproute2) to make a network namespace");
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new BuildFailedException($"ip {string.Join(' ', arguments)} failed: {error.Trim()}");
        }
    }
}
