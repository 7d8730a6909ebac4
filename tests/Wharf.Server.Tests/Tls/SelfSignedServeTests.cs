using System.Text.RegularExpressions;
using Wharf.Server.Tests.EndToEnd;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Tls;

/// <summary><c>wharf serve --tls-self-signed</c> as a user meets it: it prints where its CA is and how to trust it, skopeo
/// copies in with that CA and TLS verification on (at 127.0.0.1, one of the default names), and the next start reuses
/// the CA, so a client that trusted it once keeps working.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed partial class SelfSignedServeTests(DockerEngine docker)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_printed_CA_lets_skopeo_verify_the_server_and_survives_a_restart()
    {
        ExternalTool.Require("skopeo");
        using var scratch = new ScratchDirectory();
        var data = scratch.File("data");
        var expectedCa = Path.Combine(data, "tls", "ca.crt");
        var port = WharfProcess.FreePort();
        var launch = new WharfLaunch(data)
        {
            Listen = $"127.0.0.1:{port}",
            BaseAddress = new Uri($"https://127.0.0.1:{port}/"),
            Arguments = ["--tls-self-signed"],
            Handler = () => PinnedTls.HandlerTrustingFile(expectedCa),
        };

        string caBytes;
        await using (var wharf = await WharfProcess.StartAsync(launch, Ct))
        {
            var notice = await NoticeAsync(wharf);
            Assert.Contains("a new CA, created now", notice, StringComparison.Ordinal);
            var ca = CaPath().Match(notice).Groups[1].Value;
            Assert.Equal(expectedCa, ca);
            var hostPort = $"{System.Net.Dns.GetHostName()}:{port}";
            Assert.Contains($"sudo cp {ca} /etc/docker/certs.d/{hostPort}/ca.crt", notice, StringComparison.Ordinal);
            Assert.Contains($"sudo cp {ca} /etc/containers/certs.d/{hostPort}/ca.crt", notice, StringComparison.Ordinal);
            Assert.Contains("update-ca-certificates", notice, StringComparison.Ordinal);

            // As the notice says for podman and skopeo: the CA in a directory of its own.
            var certs = Directory.CreateDirectory(scratch.File("certs")).FullName;
            File.Copy(ca, Path.Combine(certs, "ca.crt"));
            var saved = await SavedImage.BuildAsync(docker, "tls-self-signed", Ct);
            var copy = await SkopeoAsync(["copy", "--dest-tls-verify=true", "--dest-cert-dir", certs, $"docker-archive:{saved.Archive}", $"docker://127.0.0.1:{port}/self/signed:1"]);
            Assert.True(copy.ExitCode == 0, copy.Describe() + "\n" + wharf.Log);
            (await docker.DockerAsync(["rmi", saved.Tag], Ct)).EnsureSuccess();
            caBytes = File.ReadAllText(ca);
            Assert.Equal(1, Regex.Count(wharf.Log, "CA certificate: "));
        }

        var next = WharfProcess.FreePort();
        await using (var again = await WharfProcess.StartAsync(launch with { Listen = $"127.0.0.1:{next}", BaseAddress = new Uri($"https://127.0.0.1:{next}/") }, Ct))
        {
            Assert.Contains("its CA as before", await NoticeAsync(again), StringComparison.Ordinal);
            Assert.Equal(caBytes, File.ReadAllText(expectedCa));
            var certs = scratch.File("certs");
            (await SkopeoAsync(["inspect", "--tls-verify=true", "--cert-dir", certs, $"docker://127.0.0.1:{next}/self/signed:1"])).EnsureSuccess();
        }
    }

    /// <summary>The notice comes once the listener is bound, which can be a moment after /healthz first answers.</summary>
    private static async Task<string> NoticeAsync(WharfProcess wharf)
    {
        for (var attempt = 0; attempt < 100 && !wharf.Log.Contains("system (Fedora, RHEL)", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100, Ct);
        }

        return wharf.Log;
    }

    private static Task<ToolResult> SkopeoAsync(string[] arguments) => ExternalTool.RunAsync("skopeo", ["--insecure-policy", .. arguments], ct: Ct);

    [GeneratedRegex(@"CA certificate: (\S+)")]
    private static partial Regex CaPath();
}
