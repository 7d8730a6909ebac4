using Wharf.Build.Filesystem;
using Wharf.Build.Images;
using Wharf.Build.Layers;
using Wharf.Build.Store;

namespace Wharf.Build.Rootfs;

/// <summary>The fallback where overlayfs is missing: one plain directory tree per stage, the image's layers applied
/// to it in order (whiteouts delete), a <see cref="TreeSnapshot"/> taken before each step and compared after it.
/// The snapshot compares ctimes, so an edit that keeps a file's size and modification time is still seen. A failed
/// step leaves the tree in an unknown state, so the next step starts again from the layers.</summary>
internal sealed class CopiedRootfs(BlobCache blobs, string scratchDirectory) : IStageRootfs
{
    private readonly List<ImageLayer> _applied = [];
    private readonly string _tree = Path.Combine(scratchDirectory, "tree");
    private IReadOnlyList<string> _stubs = [];
    private TreeSnapshot? _snapshot;
    private bool _clean = true;

    public async Task<string> BeginStepAsync(IReadOnlyList<ImageLayer> layers, IReadOnlyList<MountPoint> mountPoints, CancellationToken ct)
    {
        if (!_clean || _applied.Count > layers.Count || !_applied.SequenceEqual(layers.Take(_applied.Count)))
        {
            if (Directory.Exists(_tree))
            {
                Directory.Delete(_tree, recursive: true);
            }

            _applied.Clear();
            _clean = true;
        }

        Directory.CreateDirectory(_tree);
        foreach (var layer in layers.Skip(_applied.Count))
        {
            await using var blob = blobs.Open(layer.Blob.Digest);
            await LayerUnpacker.UnpackAsync(blob, _tree, UnpackMode.Apply, ct);
            _applied.Add(layer);
        }

        _stubs = MountPointStubs.Create(_tree, mountPoints);
        _snapshot = TreeSnapshot.Take(_tree);
        _clean = false;
        return _tree;
    }

    public Task<StepChanges> EndStepAsync(CancellationToken ct)
    {
        var snapshot = _snapshot ?? throw new InvalidOperationException("no step has begun");
        var stubs = _stubs.ToHashSet(StringComparer.Ordinal);
        var entries = snapshot.Compare(_tree, stubs.Contains);
        _clean = entries.Count == 0;
        return Task.FromResult(new StepChanges(entries, _tree));
    }

    public Task KeepStepAsync(ImageLayer layer, CancellationToken ct)
    {
        MountPointStubs.Remove(_tree, _stubs);
        _stubs = [];
        _applied.Add(layer);
        _clean = true;
        return Task.CompletedTask;
    }

    public Task DiscardStepAsync(CancellationToken ct)
    {
        if (_clean && Directory.Exists(_tree))
        {
            MountPointStubs.Remove(_tree, _stubs);
        }

        _stubs = [];
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
