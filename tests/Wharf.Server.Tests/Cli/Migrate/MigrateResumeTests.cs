using System.Text.RegularExpressions;
using Wharf.Server.Tests.Cli.Accounts;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;
using static Wharf.Server.Tests.Cli.Migrate.MigrateEnds;

namespace Wharf.Server.Tests.Cli.Migrate;

/// <summary><c>wharf migrate</c> killed (SIGKILL) in the middle of the blobs: the target is an unfinished copy that
/// <c>wharf serve</c> refuses, and the same command run again finishes it, reading only the blobs it had not copied.</summary>
public sealed partial class MigrateResumeTests(PostgresCluster cluster, CephFixture ceph) : IDisposable
{
    private const int Layers = 80;
    private readonly List<string> _directories = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_copy_killed_mid_blobs_is_refused_by_serve_and_finished_by_running_it_again()
    {
        var source = NewDirectory();
        var repository = "resume/app";
        var layers = Enumerable.Range(0, Layers).Select(_ => TestImages.Layer(256 * 1024)).ToArray();
        var config = TestImages.Config();
        var manifest = TestImages.Image(config, layers);
        await using (var server = await WharfServer.StartAsync(source))
        {
            var client = new OciTestClient(server.Client);
            await client.PushBlobsAsync(repository, [config, .. layers]);
            await client.PushManifestAsync(repository, "1", manifest);
        }

        var postgres = await PostgresS3End.CreateAsync(cluster, ceph, GetType(), NewDirectory());
        string[] arguments = ["migrate", "--from", source, "--to-config", postgres.ConfigFile];

        var copiedBeforeKill = await KillOnceSomeBlobsAreCopiedAsync([.. arguments, "--concurrency", "1"], postgres);

        Assert.InRange(copiedBeforeKill, 1, Layers);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServeAsync(postgres, NewDirectory()));
        Assert.Contains("this database is an unfinished copy by `wharf migrate` from sqlite:", refused.Message, StringComparison.Ordinal);
        // Nor may the collector delete the blobs copied so far, which no table names yet.
        var gc = await WharfCli.RunAsync(["gc", "--config", postgres.ConfigFile], postgres.Secrets("WHARF_"), ct: Ct);
        Assert.Contains("unfinished copy", CliAssert.FailedWithOneLine(gc, "gc"), StringComparison.Ordinal);

        var rerun = await MigratedAsync(postgres.Secrets("WHARF_TO_"), arguments[1..]);

        Assert.Contains("(continuing an unfinished copy)", rerun.StandardOutput, StringComparison.Ordinal);
        var counts = BlobCounts().Match(rerun.StandardOutput);
        Assert.True(counts.Success, rerun.Describe());
        Assert.Equal(copiedBeforeKill, int.Parse(counts.Groups["present"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Layers + 1 - copiedBeforeKill, int.Parse(counts.Groups["copied"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(await postgres.ListKeysAsync("uploads/")); // the staging of the blob cut short went with its second copy
        await AssertSameRowsAsync(Embedded(source), postgres.OpenDatabase());

        var environment = postgres.Secrets("WHARF_");
        await using var served = await WharfProcess.StartAsync(new WharfLaunch(NewDirectory()) { Arguments = ["--config", postgres.ConfigFile], Environment = environment }, Ct);
        var pulled = new OciTestClient(new HttpClient { BaseAddress = served.BaseAddress });
        using var got = await pulled.GetAsync($"/v2/{repository}/manifests/1");
        Assert.Equal(manifest.Bytes, await got.Content.ReadAsByteArrayAsync(Ct));
        foreach (var layer in layers.Take(3).Concat(layers.TakeLast(3)))
        {
            using var blob = await pulled.GetAsync($"/v2/{repository}/blobs/{layer.Digest}");
            Assert.Equal(layer.Bytes, await blob.Content.ReadAsByteArrayAsync(Ct));
        }
    }

    [Fact]
    public async Task Ctrl_C_stops_the_copy_cleanly_and_the_same_command_finishes_it()
    {
        var source = NewDirectory();
        await (await WharfServer.StartAsync(source)).DisposeAsync();
        const int blobs = 400;
        for (var i = 0; i < blobs; i++)
        {
            // Blobs no manifest names are copied all the same: every blob the source's store lists is.
            var blob = TestImages.Layer(64 * 1024);
            var path = Path.Combine(source, "blobs", "sha256", blob.Digest[7..9], blob.Digest[7..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, blob.Bytes, Ct);
        }

        var target = NewDirectory();
        string[] arguments = ["migrate", "--from", source, "--to", target];
        var output = new System.Text.StringBuilder();
        using (var process = await WharfCli.StartAsync([.. arguments, "--concurrency", "1"], output: output, ct: Ct))
        {
            while (CountBlobs(target) < 10)
            {
                Assert.False(process.HasExited, $"the copy ended before it could be interrupted:\n{output}");
                await Task.Delay(10, Ct);
            }

            using (var interrupt = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync(Ct);
            }

            await process.WaitForExitAsync(Ct);
            Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}:\n{output}");
        }

        Assert.EndsWith("wharf migrate: interrupted", output.ToString().TrimEnd(), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(target, "uploads")));
        var copied = CountBlobs(target);
        Assert.InRange(copied, 10, blobs - 1);

        var rerun = await MigratedAsync(null, arguments[1..]);

        Assert.Contains($"blobs: {blobs - copied} copied", rerun.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"{copied} already there", rerun.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(blobs, CountBlobs(target));
    }

    public void Dispose()
    {
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Starts the copy, SIGKILLs it once the target's bucket has a few blobs, and returns how many it has.</summary>
    private static async Task<int> KillOnceSomeBlobsAreCopiedAsync(string[] arguments, PostgresS3End target)
    {
        using var process = await WharfCli.StartAsync(arguments, target.Secrets("WHARF_TO_"), ct: Ct);
        try
        {
            while ((await target.ListKeysAsync("blobs/")).Count < 5)
            {
                Assert.False(process.HasExited, "the copy ended before it could be interrupted");
                await Task.Delay(20, Ct);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        return (await target.ListKeysAsync("blobs/")).Count;
    }

    private string NewDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("wharf-migrate-").FullName;
        _directories.Add(directory);
        return directory;
    }

    [GeneratedRegex(@"blobs: (?<copied>\d+) copied \([^)]*\), (?<present>\d+) already there")]
    private static partial Regex BlobCounts();
}
