using System.Globalization;
using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Images;
using Wharf.Build.Layers;
using Wharf.Build.Native;
using Wharf.Oci.Images;

namespace Wharf.Build.Steps;

/// <summary>The filesystems <c>COPY --from</c> and <c>RUN --mount=from=</c> read: an earlier stage (by name or index) or any image, made
/// readable once per build: with overlayfs a read-only mount of its layer directories, without it the layers unpacked
/// into a tree. Unmounted and removed when the build ends.</summary>
internal sealed class SourceFilesystems(BuildSession session, BaseImageResolver images) : IAsyncDisposable
{
    private readonly Dictionary<string, SourceFilesystem> _opened = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _mounts = [];

    /// <summary>The host directory holding the filesystem <paramref name="from"/> names.</summary>
    public async Task<string> OpenAsync(string from, Instruction instruction, CancellationToken ct) =>
        (await OpenWithIdentityAsync(from, instruction, ct)).Root;

    /// <summary>The filesystem <paramref name="from"/> names, with the identity of its content.</summary>
    public async Task<SourceFilesystem> OpenWithIdentityAsync(string from, Instruction instruction, CancellationToken ct)
    {
        if (_opened.TryGetValue(from, out var opened))
        {
            return opened;
        }

        var layers = await LayersOfAsync(from, instruction, ct);
        var identity = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join('\n', layers.Select(l => l.DiffId.ToString())))));
        var directory = Directory.CreateDirectory(Path.Combine(session.Scratch, "from", _opened.Count.ToString(CultureInfo.InvariantCulture))).FullName;
        string root;
        if (session.UseOverlay)
        {
            // A read-only overlay needs two lowers at least; an empty one at the bottom costs nothing.
            var lowers = new List<string>();
            foreach (var layer in layers.Reverse())
            {
                lowers.Add(await session.LayerDirectories.EnsureAsync(layer, ct));
            }

            lowers.Add(Directory.CreateDirectory(Path.Combine(directory, "empty")).FullName);
            if (lowers.Count < 2)
            {
                lowers.Add(Directory.CreateDirectory(Path.Combine(directory, "empty2")).FullName);
            }

            root = Directory.CreateDirectory(Path.Combine(directory, "merged")).FullName;
            LinuxMounts.MountOverlay(root, $"lowerdir={string.Join(':', lowers)}");
            _mounts.Add(root);
        }
        else
        {
            root = Directory.CreateDirectory(Path.Combine(directory, "tree")).FullName;
            foreach (var layer in layers)
            {
                await using var blob = session.Blobs.Open(layer.Blob.Digest);
                await LayerUnpacker.UnpackAsync(blob, root, UnpackMode.Apply, ct);
            }
        }

        _opened[from] = new SourceFilesystem(root, identity);
        return _opened[from];
    }

    public ValueTask DisposeAsync()
    {
        foreach (var mount in _mounts)
        {
            LinuxMounts.Unmount(mount);
        }

        _mounts.Clear();
        return ValueTask.CompletedTask;
    }

    private async Task<IReadOnlyList<ImageLayer>> LayersOfAsync(string from, Instruction instruction, CancellationToken ct)
    {
        var stage = session.Dockerfile.FindStage(from)
            ?? (int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < session.Dockerfile.Stages.Count
                ? session.Dockerfile.Stages[index] : null);
        if (stage is not null)
        {
            return session.Stages.TryGetValue(stage.Index, out var built) ? built.Layers
                : throw session.Failure(instruction, $"stage {from} is not built before this one");
        }

        try
        {
            return (await images.ResolveAsync(from, session.Platform, ct)).Layers;
        }
        catch (Exception e) when (e is ImageNotFoundException or FormatException or InvalidDataException or Wharf.Oci.Errors.RegistryException
            or Wharf.Oci.Client.RegistryUnreachableException or HttpRequestException)
        {
            throw session.Failure(instruction, $"--from={from}: {e.Message}");
        }
    }
}
