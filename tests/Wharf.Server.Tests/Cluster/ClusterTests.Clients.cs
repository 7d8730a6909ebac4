using System.Net;
using Wharf.Server.Tests.EndToEnd;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cluster;

/// <summary>The real clients through the balancer, each request landing on whichever node round robin picks.</summary>
public sealed partial class ClusterTests
{
    [Fact]
    public async Task Docker_logs_in_pushes_pulls_and_runs_through_the_balancer()
    {
        var saved = await SavedImage.BuildAsync(docker, "cluster-docker", Ct);
        var config = docker.NewDirectory("cluster-docker-config");
        // dockerd resolves the cluster's name from /etc/hosts, which a Go program re-reads at most every 5 s; being on
        // loopback, docker takes it for an insecure registry (TLS without verification), so it needs no certs.d.
        await Cluster.SettleForGoAsync(Ct);

        var login = await DockerAsync(config, ["login", "-u", "admin", "-p", WharfCluster.AdminPassword, Cluster.Host]);
        Assert.True(login.ExitCode == 0, login.Describe() + Cluster.Logs);
        Assert.Contains("Login Succeeded", login.Output, StringComparison.Ordinal);
        var image = $"{Cluster.Host}/admin/docker:1";
        await DockerOkAsync(config, ["tag", saved.Tag, image]);
        await DockerOkAsync(config, ["push", image]);
        await DockerOkAsync(config, ["rmi", image, saved.Tag]);

        var pull = await DockerOkAsync(config, ["pull", image]);
        Assert.Contains("Digest: sha256:", pull.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(saved.ImageId, (await DockerOkAsync(config, ["image", "inspect", "--format", "{{.Id}}", image])).StandardOutput.Trim());
        Assert.Equal(saved.Output, (await DockerOkAsync(config, ["run", "--rm", "--network", "none", image])).StandardOutput.Trim());
        await DockerOkAsync(config, ["rmi", image]);
    }

    [Fact]
    public async Task Podman_and_skopeo_push_and_pull_through_the_balancer_verifying_its_certificate()
    {
        ExternalTool.Require("podman");
        ExternalTool.Require("skopeo");
        using var storage = new ContainerStorage();
        var certs = Cluster.CertificateDirectory;

        // podman: log in, push an image of its own, pull it back into empty storage.
        var rootfs = Path.Combine(storage.Root, "rootfs.tar");
        var nonce = Guid.NewGuid().ToString("N");
        await BusyboxImage.WriteRootfsTarAsync(rootfs, new Dictionary<string, string> { ["marker"] = nonce }, Ct);
        var local = $"localhost/wharf-e2e/cluster-podman:{nonce[..12]}";
        (await storage.PodmanAsync(["import", rootfs, local], Ct)).EnsureSuccess();
        var login = (await storage.PodmanAsync(["login", "--cert-dir", certs, "-u", "admin", "-p", WharfCluster.AdminPassword, Cluster.Host], Ct)).EnsureSuccess();
        Assert.Contains("Login Succeeded", login.Output, StringComparison.Ordinal);
        var podmanImage = $"{Cluster.Host}/admin/podman:1";
        var digestFile = Path.Combine(storage.Root, "push.digest");
        (await storage.PodmanAsync(["push", "--tls-verify=true", "--cert-dir", certs, "--digestfile", digestFile, local, $"docker://{podmanImage}"], Ct)).EnsureSuccess();
        var podmanDigest = File.ReadAllText(digestFile).Trim();
        (await storage.PodmanAsync(["rmi", local], Ct)).EnsureSuccess();
        (await storage.PodmanAsync(["pull", "--tls-verify=true", "--cert-dir", certs, podmanImage], Ct)).EnsureSuccess();
        Assert.Equal(podmanDigest, (await storage.PodmanAsync(["image", "inspect", "--format", "{{.Digest}}", podmanImage], Ct)).EnsureSuccess().StandardOutput.Trim());

        // skopeo: a docker archive in, then out again, and podman's image out too.
        var saved = await SavedImage.BuildAsync(docker, "cluster-skopeo", Ct);
        var creds = $"admin:{WharfCluster.AdminPassword}";
        var skopeoImage = $"docker://{Cluster.Host}/admin/skopeo:1";
        (await SkopeoAsync(["copy", "--dest-cert-dir", certs, "--dest-creds", creds, $"docker-archive:{saved.Archive}", skopeoImage])).EnsureSuccess();
        foreach (var (image, repository) in new[] { (skopeoImage, "admin/skopeo"), ($"docker://{podmanImage}", "admin/podman") })
        {
            var copied = Path.Combine(storage.Root, $"out-{repository.Replace('/', '-')}");
            (await SkopeoAsync(["copy", "--src-cert-dir", certs, "--src-creds", creds, image, $"dir:{copied}"])).EnsureSuccess();
            Assert.Equal(await ManifestDigestAsync(repository, "1"), OciPushClient.DigestOf(File.ReadAllBytes(Path.Combine(copied, "manifest.json"))));
        }

        Assert.Equal(podmanDigest, await ManifestDigestAsync("admin/podman", "1"));
        (await docker.DockerAsync(["rmi", saved.Tag], Ct)).EnsureSuccess();
    }

    /// <summary>The digest the cluster reports, asked through the balancer with the CA pinned.</summary>
    private async Task<string> ManifestDigestAsync(string repository, string tag)
    {
        using var http = Cluster.PublicClient(await Cluster.TokenAsync(Cluster.PublicAddress, $"repository:{repository}:pull"));
        using var head = await new OciPushClient(http).GetManifestAsync(repository, tag, Ct, HttpMethod.Head);
        await OciPushClient.ExpectAsync(head, HttpStatusCode.OK, $"HEAD /v2/{repository}/manifests/{tag}");
        return head.Headers.GetValues("Docker-Content-Digest").Single();
    }

    private Task<ToolResult> DockerAsync(string config, IEnumerable<string> arguments) => docker.DockerAsync(["--config", config, .. arguments], Ct);

    private async Task<ToolResult> DockerOkAsync(string config, IEnumerable<string> arguments)
    {
        var result = await DockerAsync(config, arguments);
        Assert.True(result.ExitCode == 0, result.Describe() + Cluster.Logs);
        return result;
    }

    private static Task<ToolResult> SkopeoAsync(string[] arguments) => ExternalTool.RunAsync("skopeo", ["--insecure-policy", .. arguments], ct: Ct);
}
