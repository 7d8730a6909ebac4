using System.Net;
using System.Runtime.Versioning;
using Wharf.Server.Tests.EndToEnd;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Tls;

/// <summary>skopeo and podman against a TLS Wharf under a host name (an /etc/hosts entry for 127.0.0.1), with TLS
/// verification on and the test's CA given as their cert directory: they verify loopback registries too, so each
/// copy proves the certificate verified for that name. The same with another CA's certificate is refused with Go's
/// x509 error.</summary>
[Collection(ContainerToolsDefinition.Name)]
[SupportedOSPlatform("linux")]
public sealed class SkopeoPodmanTlsTests(DockerEngine docker) : IAsyncLifetime
{
    private const string UnknownAuthority = "x509: certificate signed by unknown authority";

    private readonly ContainerStorage _storage = new();
    private readonly ScratchDirectory _scratch = new();
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.CreateRoot("Wharf skopeo and podman test root");
    private HostsFileEntry? _name;
    private WharfServer? _wharf;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Host => $"{_name!.Name}:{_wharf!.BaseAddress.Port}";

    /// <summary>A cert directory holding the test's CA as ca.crt.</summary>
    private string TrustedCerts => _scratch.File("trusted");

    /// <summary>A cert directory holding an unrelated CA.</summary>
    private string UnknownCerts => _scratch.File("unknown");

    public async ValueTask InitializeAsync()
    {
        ExternalTool.Require("skopeo");
        ExternalTool.Require("podman");
        Directory.CreateDirectory(TrustedCerts);
        _ca.WriteRoot(Path.Combine(TrustedCerts, "ca.crt"));
        Directory.CreateDirectory(UnknownCerts);
        using (var unknown = TestCertificateAuthority.CreateRoot("Wharf unknown test root"))
        {
            unknown.WriteRoot(Path.Combine(UnknownCerts, "ca.crt"));
        }

        _name = HostsFileEntry.Add(HostsFileEntry.NewName("wharf-tls"), IPAddress.Loopback);
        var (certificate, key) = _ca.Issue(_name.Name).WriteTo(_scratch.Path);
        _wharf = await WharfServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["urls"] = "127.0.0.1:0",
            ["Tls:CertificatePath"] = certificate,
            ["Tls:KeyPath"] = key,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_wharf is not null)
        {
            await _wharf.DisposeAsync();
        }

        _name?.Dispose();
        _storage.Dispose();
        _scratch.Dispose();
        _ca.Dispose();
    }

    [Fact]
    public async Task Skopeo_copies_to_and_from_a_TLS_Wharf_verifying_it_and_refuses_an_unknown_CA()
    {
        var saved = await SavedImage.BuildAsync(docker, "tls-skopeo", Ct);
        var image = $"docker://{Host}/tls/skopeo:1";

        var refused = await SkopeoAsync(["copy", "--dest-tls-verify=true", "--dest-cert-dir", UnknownCerts, $"docker-archive:{saved.Archive}", image]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains(UnknownAuthority, refused.Output, StringComparison.Ordinal);

        var pushed = (await SkopeoAsync(["copy", "--dest-tls-verify=true", "--dest-cert-dir", TrustedCerts, $"docker-archive:{saved.Archive}", image])).EnsureSuccess();
        Assert.Contains("Writing manifest to image destination", pushed.Output, StringComparison.Ordinal);
        var digest = await ManifestDigestAsync("tls/skopeo", "1");

        var readRefused = await SkopeoAsync(["inspect", "--tls-verify=true", "--cert-dir", UnknownCerts, image]);
        Assert.Contains(UnknownAuthority, readRefused.Output, StringComparison.Ordinal);
        var copied = _scratch.File("copied");
        (await SkopeoAsync(["copy", "--src-tls-verify=true", "--src-cert-dir", TrustedCerts, image, $"dir:{copied}"])).EnsureSuccess();
        Assert.Equal(digest, OciPushClient.DigestOf(File.ReadAllBytes(Path.Combine(copied, "manifest.json"))));
        (await docker.DockerAsync(["rmi", saved.Tag], Ct)).EnsureSuccess();
    }

    [Fact]
    public async Task Podman_pushes_and_pulls_with_TLS_verification_on_and_refuses_an_unknown_CA()
    {
        var rootfs = Path.Combine(_storage.Root, "rootfs.tar");
        var nonce = Guid.NewGuid().ToString("N");
        await BusyboxImage.WriteRootfsTarAsync(rootfs, new Dictionary<string, string> { ["marker"] = nonce }, Ct);
        var local = $"localhost/wharf-e2e/tls-podman:{nonce[..12]}";
        (await _storage.PodmanAsync(["import", rootfs, local], Ct)).EnsureSuccess();
        var remote = $"{Host}/tls/podman:1";

        var refused = await _storage.PodmanAsync(["push", "--tls-verify=true", "--cert-dir", UnknownCerts, local, $"docker://{remote}"], Ct);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains(UnknownAuthority, refused.Output, StringComparison.Ordinal);

        var digestFile = Path.Combine(_storage.Root, "push.digest");
        (await _storage.PodmanAsync(["push", "--tls-verify=true", "--cert-dir", TrustedCerts, "--digestfile", digestFile, local, $"docker://{remote}"], Ct)).EnsureSuccess();
        var digest = File.ReadAllText(digestFile).Trim();
        Assert.Equal(digest, await ManifestDigestAsync("tls/podman", "1"));

        // Gone locally first, so what podman then has is what it pulled.
        (await _storage.PodmanAsync(["rmi", local], Ct)).EnsureSuccess();
        var pull = (await _storage.PodmanAsync(["pull", "--tls-verify=true", "--cert-dir", TrustedCerts, remote], Ct)).EnsureSuccess();
        Assert.Contains("Writing manifest to image destination", pull.Output, StringComparison.Ordinal);
        var inspect = (await _storage.PodmanAsync(["image", "inspect", "--format", "{{.Digest}}", remote], Ct)).EnsureSuccess();
        Assert.Equal(digest, inspect.StandardOutput.Trim());
    }

    /// <summary>The digest Wharf reports, asked over HTTPS by the same name with the CA pinned.</summary>
    private async Task<string> ManifestDigestAsync(string repository, string tag)
    {
        using var client = PinnedTls.Client(new Uri($"https://{Host}/"), _ca.Root, HttpVersion.Version20);
        using var head = await new OciPushClient(client).GetManifestAsync(repository, tag, Ct, HttpMethod.Head);
        await OciPushClient.ExpectAsync(head, HttpStatusCode.OK, $"HEAD /v2/{repository}/manifests/{tag}");
        return head.Headers.GetValues("Docker-Content-Digest").Single();
    }

    private static Task<ToolResult> SkopeoAsync(string[] arguments) => ExternalTool.RunAsync("skopeo", ["--insecure-policy", .. arguments], ct: Ct);
}
