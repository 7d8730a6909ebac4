using Wharf.Oci.Images;
using Wharf.Oci.Layout;

namespace Wharf.Build.Tests.Building;

/// <summary>A builder whose blob store serves several people (a server's workers, <see cref="BuilderOptions.ConfirmCachedBlobs"/>):
/// a base image's blob already in the store is used only when that image's own source has it too, so an image that
/// merely names someone else's layer digest cannot borrow the layer. Layout B below is such an image: layout A's
/// manifest without the layer's bytes.</summary>
public sealed class SharedStoreTests : IDisposable
{
    private readonly BuildWorkspace _source = new();
    private string _complete = "";
    private string _withoutLayer = "";
    private Wharf.Oci.Digest _layer;

    public void Dispose() => _source.Dispose();

    [Fact]
    public async Task A_shared_store_refuses_a_cached_layer_the_base_images_source_does_not_have()
    {
        await MakeLayoutsAsync();
        using var shared = new BuildWorkspace(confirmCachedBlobs: true);
        await shared.BuildAsync(shared.Context("a", $"FROM oci:{_complete}:base\nRUN echo a > /a\n"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => shared.BuildAsync(shared.Context("b", $"FROM oci:{_withoutLayer}:base\nRUN echo b > /b\n")));

        Assert.Contains($"blob {_layer} is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_of_ones_own_uses_cached_layers_without_asking_the_source()
    {
        await MakeLayoutsAsync();
        using var own = new BuildWorkspace();
        await own.BuildAsync(own.Context("a", $"FROM oci:{_complete}:base\nRUN echo a > /a\n"));

        var (built, _) = await own.BuildAsync(own.Context("b", $"FROM oci:{_withoutLayer}:base\nRUN echo b > /b\n"));

        Assert.Equal("b\n", await RunStepTests.ReadFileAsync(built, "b"));
    }

    /// <summary>Layout A holds a busybox image; layout B is a copy of A missing its first layer's blob.</summary>
    private async Task MakeLayoutsAsync()
    {
        var (built, _) = await _source.BuildAsync(_source.Context("base", BuildWorkspace.BusyboxStage));
        _complete = Path.Combine(_source.Root, "complete");
        await using (var destination = await FileImageTransports.OpenDestinationAsync(ImageReference.Parse($"oci:{_complete}:base"), CancellationToken.None))
        {
            await new ImageCopier().CopyAsync(built.Image, destination, new CopyOptions(), CancellationToken.None);
        }

        _withoutLayer = Path.Combine(_source.Root, "without-layer");
        foreach (var file in Directory.EnumerateFiles(_complete, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(_withoutLayer, Path.GetRelativePath(_complete, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        _layer = built.Manifest.Parse().Layers[0].Digest;
        File.Delete(Path.Combine(_withoutLayer, "blobs", _layer.Algorithm, _layer.Hex));
    }
}
