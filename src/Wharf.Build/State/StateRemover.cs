using System.ComponentModel;
using System.Diagnostics;
using Wharf.Build.Native;

namespace Wharf.Build.State;

/// <summary>Removes pieces of a builder's state while the prune holds it exclusively. A directory is first detached
/// from anything still mounted in it (a stopped build's step mounts), then renamed into <c>trash/</c> and only then
/// deleted, so a layer directory or a cache mount is either whole or gone, never half there for the next build to use;
/// the delete never crosses into another file system. A stopped build's runc container is deleted with runc first (its
/// processes killed).</summary>
internal sealed class StateRemover(string state, string runc)
{
    private readonly string _trash = Path.Combine(state, "trash");
    private readonly string _runcRoot = Path.Combine(state, "runc");

    /// <summary>Null when every path of <paramref name="item"/> is gone, else the one line saying why one is not.</summary>
    public async Task<string?> RemoveAsync(StateItem item, CancellationToken ct)
    {
        foreach (var path in item.Paths)
        {
            try
            {
                if (Path.GetDirectoryName(path) == _runcRoot)
                {
                    await DeleteContainerAsync(Path.GetFileName(path), ct);
                }

                FileUsage usage;
                try
                {
                    usage = LinuxFiles.LstatUsage(path);
                }
                catch (FileNotFoundException)
                {
                    continue;
                }

                if (usage.Kind == UnixFileKind.Directory)
                {
                    RemoveDirectory(path);
                }
                else
                {
                    File.Delete(path);
                }

                DiskUsage.Forget(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"{Path.GetRelativePath(state, path)}: {e.Message}";
            }
        }

        return null;
    }

    private void RemoveDirectory(string path)
    {
        foreach (var mount in MountTable.Under(path))
        {
            try
            {
                LinuxMounts.Unmount(mount);
            }
            catch (IOException)
            {
                // Already gone with the one above it; checked below.
            }
        }

        if (MountTable.Under(path) is [var still, ..])
        {
            throw new IOException($"{still} is still mounted");
        }

        var doomed = path;
        if (Path.GetDirectoryName(path) != _trash)
        {
            Directory.CreateDirectory(_trash);
            doomed = Path.Combine(_trash, Guid.NewGuid().ToString("N"));
            Directory.Move(path, doomed);
        }

        DeleteTree(doomed, LinuxFiles.LstatUsage(doomed).Device);
    }

    private static void DeleteTree(string directory, ulong device)
    {
        foreach (var child in Directory.EnumerateFileSystemEntries(directory).ToList())
        {
            var usage = LinuxFiles.LstatUsage(child);
            if (usage.Kind != UnixFileKind.Directory)
            {
                File.Delete(child);
            }
            else if (usage.Device == device)
            {
                DeleteTree(child, device);
            }
            else
            {
                throw new IOException($"{child} is another file system (a mount)");
            }
        }

        Directory.Delete(directory);
    }

    /// <summary><c>runc delete --force</c>: kills what a stopped build's container still runs and removes its cgroup.
    /// Without runc (or when it fails) its state directory is simply removed afterwards.</summary>
    private async Task DeleteContainerAsync(string id, CancellationToken ct)
    {
        Process? process;
        try
        {
            process = Process.Start(new ProcessStartInfo(runc, ["--root", _runcRoot, "delete", "--force", id])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
        }
        catch (Win32Exception)
        {
            return; // no runc here: nothing it ran can be running either
        }

        using (process)
        {
            if (process is null)
            {
                return;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await Task.WhenAll(process.StandardOutput.ReadToEndAsync(timeout.Token), process.StandardError.ReadToEndAsync(timeout.Token));
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true); // runc hung: its state goes anyway
            }
        }
    }
}
