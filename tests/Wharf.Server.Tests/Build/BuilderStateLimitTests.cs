using System.Formats.Tar;
using System.Text;
using Wharf.Build.State;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Build;

/// <summary><c>Builds:StateMaxSize</c>: a server's workers (two here, so one prunes while the other builds) keep the
/// real runc builder's state under the limit by themselves, every image still pushed whole; and at start they remove
/// what a stopped process's builds left in the state.</summary>
public sealed class BuilderStateLimitTests : IDisposable
{
    private const long Limit = 4 * 1024 * 1024;
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-state-limit-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string State => Path.Combine(_directory, "builder");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_workers_keep_the_builders_state_under_the_limit_and_clear_a_stopped_process_leftovers()
    {
        var leftover = Directory.CreateDirectory(Path.Combine(State, "builds", "0badc0de0badc0de")).FullName;
        File.WriteAllText(Path.Combine(leftover, "half-written"), "from a process that was killed");
        await using var server = await BuildsServer.StartAsync(
            new Dictionary<string, string?> { ["Builds:Directory"] = _directory, ["Builds:StateMaxSize"] = $"{Limit}" }, runcBuilder: true);
        var alice = await server.Api.NewUserAsync("alice");
        await WaitUntilAsync(() => !Directory.Exists(leftover), "the leftover scratch directory is removed at start");

        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await server.SubmitAsync(alice, Context(i), $"repository={alice.Name}/app&tag=t{i}"));
        }

        foreach (var id in ids)
        {
            var build = await server.WaitAsync(alice, id);
            Assert.True(build["state"]!.GetValue<string>() == "succeeded", build.ToJsonString());
        }

        // The worker prunes after recording its build's outcome: give the last one a moment.
        await WaitUntilAsync(() => BuilderState.Measure(State).Total <= Limit, $"the state is at most {Limit} bytes");
        Assert.True(File.Exists(Path.Combine(State, "lock")), "the builds used this state directory");
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Equal(2 * 1024 * 1024, (await PushedImage.FilesAsync(server.Api.Server.Services, $"{alice.Name}/app", $"t{i}"))[$"data-{i}"].Length);
        }
    }

    /// <summary>Busybox and a RUN writing 2 MiB of random bytes (incompressible: 2 MiB of blob and 2 MiB unpacked).</summary>
    private static byte[] Context(int i)
    {
        var busybox = new PaxTarEntry(TarEntryType.RegularFile, "busybox")
        {
            DataStream = File.OpenRead(BusyboxImage.RequireStaticBusybox()),
            Mode = (UnixFileMode)0b111_101_101,
        };
        var dockerfile = BusyboxImage.BaseDockerfile + $"\nRUN head -c 2097152 /dev/urandom | base64 | head -c 2097152 > /data-{i}\n";
        return ContextArchives.Gzip(ContextArchives.Tar(busybox, ContextArchives.File("Dockerfile", dockerfile)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var waited = TimeSpan.Zero; !condition(); waited += TimeSpan.FromMilliseconds(200))
        {
            Assert.True(waited < TimeSpan.FromSeconds(60), $"waited a minute for this: {what}");
            await Task.Delay(200, Ct);
        }
    }
}
