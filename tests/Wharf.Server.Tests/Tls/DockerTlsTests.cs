using System.Runtime.Versioning;
using Wharf.Server.Tests.EndToEnd;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Tls;

/// <summary>docker against a TLS Wharf, strictly: docker treats any registry resolving into 127.0.0.0/8 as insecure, so
/// Wharf runs in a network namespace of the test's own at an address outside loopback, under a host name, with auth
/// on. Without the CA in <c>/etc/docker/certs.d/HOST:PORT/ca.crt</c> docker refuses the certificate; with it, docker
/// logs in (the challenge's realm is https), pushes, pulls and runs.</summary>
[Collection(ContainerToolsDefinition.Name)]
[SupportedOSPlatform("linux")]
public sealed class DockerTlsTests(DockerEngine docker) : IAsyncLifetime
{
    private const int Port = 5443;
    private const string Password = "docker-tls-admin-password";

    private readonly ScratchDirectory _scratch = new();
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.CreateRoot("Wharf docker test root");
    private NetworkNamespace? _network;
    private HostsFileEntry? _name;
    private WharfProcess? _wharf;
    private bool _createdCertsParent;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Host => $"{_name!.Name}:{Port}";

    /// <summary>Where dockerd looks for the CA of <see cref="Host"/>.</summary>
    private string CertsDirectory => Path.Combine("/etc/docker/certs.d", Host);

    public async ValueTask InitializeAsync()
    {
        _network = await NetworkNamespace.CreateAsync(Ct);
        _name = HostsFileEntry.Add(HostsFileEntry.NewName("wharf-docker-tls"), _network.Address);
        var (certificate, key) = _ca.Issue(_name.Name).WriteTo(_scratch.Path);
        _wharf = await WharfProcess.StartAsync(
            new WharfLaunch(_scratch.File("data"))
            {
                Prefix = _network.Exec,
                Listen = $"{_network.Address}:{Port}",
                BaseAddress = new Uri($"https://{Host}/"),
                Arguments = ["--tls-cert", certificate, "--tls-key", key],
                Environment = new Dictionary<string, string> { ["WHARF_Auth__Enabled"] = "true", ["WHARF_Auth__AdminPassword"] = Password },
                Handler = () => PinnedTls.Handler(_ca.Root),
            },
            Ct);
    }

    public async ValueTask DisposeAsync()
    {
        // Everything the test put on the machine goes, whatever failed: the server, certs.d, the hosts line, the namespace.
        if (_wharf is not null)
        {
            await _wharf.DisposeAsync();
        }

        if (_name is not null && Directory.Exists(CertsDirectory))
        {
            Directory.Delete(CertsDirectory, recursive: true);
        }

        if (_createdCertsParent)
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(CertsDirectory)!);
            }
            catch (IOException)
            {
                // Another run's HOST:PORT directory is in it now: that run's to remove.
            }
        }

        _name?.Dispose();
        if (_network is not null)
        {
            await _network.DisposeAsync();
        }

        _scratch.Dispose();
        _ca.Dispose();
    }

    [Fact]
    public async Task Docker_refuses_the_unknown_CA_then_with_it_in_certs_d_logs_in_pushes_pulls_and_runs_over_TLS()
    {
        var saved = await SavedImage.BuildAsync(docker, "tls-docker", Ct);
        var config = Directory.CreateDirectory(_scratch.File("docker-config")).FullName;
        await _name!.SettleForGoAsync(Ct);

        var refused = await DockerAsync(config, ["login", "-u", "admin", "-p", Password, Host]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("x509: certificate signed by unknown authority", refused.Output, StringComparison.Ordinal);

        _createdCertsParent = !Directory.Exists(Path.GetDirectoryName(CertsDirectory));
        Directory.CreateDirectory(CertsDirectory);
        _ca.WriteRoot(Path.Combine(CertsDirectory, "ca.crt"));
        var login = await DockerAsync(config, ["login", "-u", "admin", "-p", Password, Host]);
        Assert.True(login.ExitCode == 0, login.Describe() + "\n" + _wharf!.Log);
        Assert.Contains("Login Succeeded", login.Output, StringComparison.Ordinal);

        var image = $"{Host}/admin/tls:1";
        await DockerOkAsync(config, ["tag", saved.Tag, image]);
        await DockerOkAsync(config, ["push", image]);
        await DockerOkAsync(config, ["rmi", image, saved.Tag]);
        var pull = await DockerOkAsync(config, ["pull", image]);
        Assert.Contains("Digest: sha256:", pull.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(saved.ImageId, (await DockerOkAsync(config, ["image", "inspect", "--format", "{{.Id}}", image])).StandardOutput.Trim());
        Assert.Equal(saved.Output, (await DockerOkAsync(config, ["run", "--rm", "--network", "none", image])).StandardOutput.Trim());
        await DockerOkAsync(config, ["rmi", image]);
    }

    private Task<ToolResult> DockerAsync(string config, IEnumerable<string> arguments) => docker.DockerAsync(["--config", config, .. arguments], Ct);

    private async Task<ToolResult> DockerOkAsync(string config, IEnumerable<string> arguments) => (await DockerAsync(config, arguments)).EnsureSuccess();
}
