using Wharf.Build.Secrets;
using Wharf.Oci;
using Wharf.Registry.Builds;

namespace Wharf.Server.Builds;

/// <summary>A build's opened secrets and ssh key files written where its builder reads them — the builder takes files
/// (<c>BuildRequest.Secrets</c>, <c>BuildRequest.SshKeys</c>), as a local build's are: each a file of mode 0600 in a
/// directory of mode 0700 of the build's scratch directory, beside its context and never in it (no COPY, bind mount or
/// .dockerignore trick reaches it). <see cref="Delete"/> removes them before anything else of the scratch directory when
/// the build ends, however it ends.</summary>
internal static class BuildSecretFiles
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static (IReadOnlyDictionary<string, string> Secrets, IReadOnlyDictionary<string, IReadOnlyList<string>> SshKeys) Write(
        BuildSecrets secrets, string directory)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (secrets.IsEmpty)
        {
            return (files, keys);
        }

        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, Private | UnixFileMode.UserExecute);
        }

        foreach (var (id, value) in secrets.Values)
        {
            files[id] = WriteFile(directory, $"secret-{Checked(id)}", value);
        }

        foreach (var (id, keyFiles) in secrets.SshKeys)
        {
            keys[id] = [.. keyFiles.Select((key, i) => WriteFile(directory, $"ssh-{Checked(id)}-{i + 1}", key))];
        }

        return (files, keys);
    }

    /// <summary>Removes the directory <see cref="Write"/> wrote; nothing when there is none.</summary>
    public static void Delete(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Removes the secrets a worker killed outright (SIGKILL, a power cut: no <c>finally</c> ran) left in the
    /// scratch space under <paramref name="buildsDirectory"/>: those of every build that is not running now (a scratch
    /// directory is named after its build, <c>contexts/ID-…</c>). A running build's are its worker's, on this machine or
    /// another sharing the directory. Returns how many it removed.</summary>
    public static async Task<int> SweepAsync(string buildsDirectory, SqlBuildStore builds, CancellationToken ct)
    {
        var contexts = Path.Combine(buildsDirectory, "contexts");
        if (!Directory.Exists(contexts))
        {
            return 0;
        }

        var removed = 0;
        foreach (var scratch in Directory.EnumerateDirectories(contexts))
        {
            var secrets = Path.Combine(scratch, "secrets");
            var name = Path.GetFileName(scratch);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (!Directory.Exists(secrets)
                || dash > 0 && long.TryParse(name[..dash], System.Globalization.CultureInfo.InvariantCulture, out var id)
                    && await builds.FindAsync(id, ct) is { State: BuildState.Running })
            {
                continue;
            }

            Delete(secrets);
            removed++;
        }

        return removed;
    }

    /// <summary>An id as a file name: the API let only <see cref="BuildSecretRules.IsId"/> ids in, so this holds unless
    /// the database was changed behind it.</summary>
    private static string Checked(string id) =>
        BuildSecretRules.IsId(id) ? id : throw new BuildContextException("a secret's id in the database is not one the builds API takes");

    private static string WriteFile(string directory, string name, byte[] content)
    {
        var path = Path.Combine(directory, name);
        PrivateFile.Write(path, content);
        return path;
    }
}
