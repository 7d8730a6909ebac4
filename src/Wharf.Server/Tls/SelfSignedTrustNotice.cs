using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Wharf.Server.Tls;

/// <summary>With <c>Tls:SelfSigned</c>, prints once per start, on standard output (like the first admin password), where
/// Wharf's CA is and the exact commands that make docker, podman/skopeo and the system trust it: printed once the
/// listeners are bound, so the ports are the real ones (<c>--listen …:0</c> included).</summary>
internal sealed class SelfSignedTrustNotice(ServerCertificateProvider provider, IServer server, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (provider.Authority is { } authority)
        {
            lifetime.ApplicationStarted.Register(() =>
            {
                var ports = (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
                    .Where(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                    .Select(a => new Uri(a).Port)
                    .Distinct()
                    .ToList();
                Console.Out.Write(Compose(authority, provider.SelfSignedOutcome ?? SelfSignedOutcome.Reused, ports));
                Console.Out.Flush();
            });
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The notice: the CA's path, the names, and per client the commands, for the first name and port
    /// (the same for every other HOST:PORT clients use).</summary>
    internal static string Compose(SelfSignedAuthority authority, SelfSignedOutcome outcome, IReadOnlyList<int> ports)
    {
        var ca = authority.AuthorityCertificatePath;
        var hostPorts = ports.Count == 0 ? [authority.Names[0]] : ports.SelectMany(p => authority.Names.Select(n => HostPort(n, p))).ToList();
        var first = hostPorts[0];
        var state = outcome switch
        {
            SelfSignedOutcome.CreatedAuthority => "a new CA, created now: clients must trust it",
            SelfSignedOutcome.IssuedServerCertificate => "its CA as before; the server certificate was reissued",
            _ => "its CA as before",
        };
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine($"Wharf serves HTTPS with a self-signed certificate ({state}).");
        text.AppendLine($"CA certificate: {ca}");
        text.AppendLine($"Server certificate: {authority.CertificatePath} for {string.Join(", ", authority.Names)}");
        text.AppendLine();
        text.AppendLine($"Trust the CA where the clients run (copy {ca} there first), for each HOST:PORT they use, here {first}:");
        text.AppendLine($"  docker:          sudo mkdir -p /etc/docker/certs.d/{first} && sudo cp {ca} /etc/docker/certs.d/{first}/ca.crt");
        text.AppendLine($"  podman, skopeo:  sudo mkdir -p /etc/containers/certs.d/{first} && sudo cp {ca} /etc/containers/certs.d/{first}/ca.crt");
        text.AppendLine($"  system (Debian, Ubuntu):  sudo cp {ca} /usr/local/share/ca-certificates/wharf.crt && sudo update-ca-certificates");
        text.AppendLine($"  system (Fedora, RHEL):    sudo cp {ca} /etc/pki/ca-trust/source/anchors/wharf.crt && sudo update-ca-trust");
        if (hostPorts.Count > 1)
        {
            text.AppendLine($"The other HOST:PORT names: {string.Join(" ", hostPorts.Skip(1))}");
        }

        text.AppendLine();
        return text.ToString();
    }

    private static string HostPort(string name, int port) => name.Contains(':', StringComparison.Ordinal) ? $"[{name}]:{port}" : $"{name}:{port}";
}
