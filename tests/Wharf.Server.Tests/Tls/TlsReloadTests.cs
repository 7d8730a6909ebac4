using System.Net.Security;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Tls;

/// <summary><c>wharf serve --tls-cert --tls-key</c> picks up a renewal without a restart, laid out as certbot does it:
/// <c>live/cert.pem</c> and <c>live/key.pem</c> are symlinks into <c>archive/</c>, retargeted one after the other. While
/// only the certificate's link has moved (a pair half written) the old certificate is served and a warning logged;
/// once the key's has, new connections get the new certificate.</summary>
public sealed class TlsReloadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_renewed_pair_is_served_to_new_connections_without_a_restart_and_a_half_written_one_keeps_the_old()
    {
        using var ca = TestCertificateAuthority.CreateRoot("Wharf reload test root");
        using var scratch = new ScratchDirectory();
        var live = Directory.CreateDirectory(scratch.File("live")).FullName;
        var archive = Directory.CreateDirectory(scratch.File("archive")).FullName;
        var first = ca.Issue("127.0.0.1");
        Link(live, archive, "cert.pem", "cert1.pem", first.FullChainPem);
        Link(live, archive, "key.pem", "key1.pem", first.KeyPem);

        var port = WharfProcess.FreePort();
        await using var wharf = await WharfProcess.StartAsync(
            new WharfLaunch(scratch.File("data"))
            {
                Listen = $"127.0.0.1:{port}",
                BaseAddress = new Uri($"https://127.0.0.1:{port}/"),
                Arguments = ["--tls-cert", Path.Combine(live, "cert.pem"), "--tls-key", Path.Combine(live, "key.pem")],
                Environment = new Dictionary<string, string> { ["WHARF_Tls__ReloadInterval"] = "00:00:01" },
                Handler = () => PinnedTls.Handler(ca.Root),
            },
            Ct);
        Assert.Equal(first.Serial, await ServedSerialAsync(port, ca));

        var second = ca.Issue("127.0.0.1");
        Link(live, archive, "cert.pem", "cert2.pem", second.FullChainPem);
        await UntilAsync(() => Task.FromResult(wharf.Log.Contains("cannot be served yet", StringComparison.Ordinal)), "a warning about the half-written pair", wharf);
        Assert.Equal(first.Serial, await ServedSerialAsync(port, ca));
        Assert.Single(wharf.Log.Split('\n'), line => line.Contains("cannot be served yet", StringComparison.Ordinal));

        Link(live, archive, "key.pem", "key2.pem", second.KeyPem);
        await UntilAsync(async () => await ServedSerialAsync(port, ca) == second.Serial, "the renewed certificate on a new connection", wharf);
        Assert.False(wharf.HasExited);
    }

    /// <summary>Writes <paramref name="content"/> to archive/<paramref name="target"/>, then points live/<paramref name="link"/>
    /// at it with a rename, as certbot swaps its links.</summary>
    private static void Link(string live, string archive, string link, string target, string content)
    {
        File.WriteAllText(Path.Combine(archive, target), content);
        var temporary = Path.Combine(live, $".{link}.new");
        File.CreateSymbolicLink(temporary, Path.Combine("..", "archive", target));
        File.Move(temporary, Path.Combine(live, link), overwrite: true);
    }

    /// <summary>A new connection each time, so the certificate is the one a fresh handshake gets.</summary>
    private static async Task<string> ServedSerialAsync(int port, TestCertificateAuthority ca) =>
        (await PinnedTls.HandshakeAsync("127.0.0.1", port, "127.0.0.1", ca.Root, [SslApplicationProtocol.Http11], Ct)).Certificate.SerialNumber;

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, WharfProcess wharf)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {what} within {Patience.TotalSeconds:0}s; the server's log:\n{wharf.Log}");
            await Task.Delay(200, Ct);
        }
    }
}
