using System.Text;
using Wharf.Oci;
using Wharf.Registry.Builds;
using Wharf.Registry.Metadata;
using Wharf.Server.Builds;

namespace Wharf.Server.Tests.Builds;

/// <summary>Where a worker writes a build's secrets for the builder: 0600 files in a 0700 directory, removed whole; and
/// what a killed worker left is swept once its build is no longer running, never while it is.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BuildSecretFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-secret-files-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Secrets_are_written_as_private_files_and_removed_whole()
    {
        var directory = Path.Combine(_directory, "scratch", "secrets");
        var secrets = new BuildSecrets(
            new Dictionary<string, byte[]> { ["token"] = [1, 2, 3] },
            new Dictionary<string, IReadOnlyList<byte[]>> { ["deploy"] = [Encoding.UTF8.GetBytes("key one"), Encoding.UTF8.GetBytes("key two")] });

        var (files, keys) = BuildSecretFiles.Write(secrets, directory);

        Assert.Equal([1, 2, 3], File.ReadAllBytes(files["token"]));
        Assert.Equal(["key one", "key two"], keys["deploy"].Select(File.ReadAllText));
        Assert.All(files.Values.Concat(keys["deploy"]), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        BuildSecretFiles.Delete(directory);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task A_killed_workers_secrets_are_swept_once_their_build_is_not_running()
    {
        var database = SqlDatabase.Sqlite(Path.Combine(_directory, "wharf.db"));
        await SchemaMigrator.MigrateAsync(database, Ct);
        var builds = new SqlBuildStore(database, TimeProvider.System);
        var spec = new BuildSpec { Repository = "team/app", Tags = ["1"], RequestedBy = "alice", ContextDigest = Digest.Compute([1]) };
        var ended = (await builds.EnqueueAsync(spec, Ct)).Id;
        await builds.RequestCancelAsync(ended, Ct);
        var running = (await builds.EnqueueAsync(spec, Ct)).Id;
        Assert.Equal(running, (await builds.ClaimAsync("w1", TimeSpan.FromMinutes(1), Ct))!.Build.Id);
        var queued = (await builds.EnqueueAsync(spec, Ct)).Id; // as one recovery gave back to the queue after its worker died

        var left = new[] { ended, queued, running }.ToDictionary(id => id, id => Leave(id));
        Directory.CreateDirectory(Path.Combine(_directory, "contexts", "not-a-build", "secrets"));
        Directory.CreateDirectory(Path.Combine(_directory, "contexts", $"{running}-nosecrets", "context"));

        var removed = await BuildSecretFiles.SweepAsync(_directory, builds, Ct);

        Assert.Equal(3, removed);
        Assert.False(Directory.Exists(left[ended]));
        Assert.False(Directory.Exists(left[queued]));
        Assert.True(File.Exists(Path.Combine(left[running], "secret-token")));
        Assert.True(Directory.Exists(Path.Combine(_directory, "contexts", $"{running}-nosecrets", "context")));
    }

    /// <summary>What a worker killed during build <paramref name="id"/> leaves: its scratch directory with the secrets.</summary>
    private string Leave(long id)
    {
        var secrets = Path.Combine(_directory, "contexts", $"{id}-{Guid.NewGuid().ToString("N")[..8]}", "secrets");
        BuildSecretFiles.Write(new BuildSecrets(new Dictionary<string, byte[]> { ["token"] = [7] }, new Dictionary<string, IReadOnlyList<byte[]>>()), secrets);
        return secrets;
    }
}
